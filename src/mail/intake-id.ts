/**
 * The ID of a mail's ingest job and intake record: the mailbox, the folder's UIDVALIDITY and
 * the UID name one message for good (a renumbered folder gets a new UIDVALIDITY).
 */
export function intakeJobId(mailbox: string, uidValidity: string, uid: number): string {
  return `${mailbox}-${uidValidity}-${uid}`;
}
