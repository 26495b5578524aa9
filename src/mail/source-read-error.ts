/**
 * Reading a mail's raw bytes failed (the IMAP connection, not the mail): worth a retry, and
 * never a reason to quarantine the mail or to call its sender unauthenticated.
 */
export class SourceReadError extends Error {
  constructor(override readonly cause: unknown) {
    super(`reading the mail failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
