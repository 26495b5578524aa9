import { createHash, randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFolder, STACK, submitMail, waitForMail } from '../helpers/local-stack.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A small valid PNG (1×1, red): what a customer's screenshot is, byte for byte. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/** A "PDF" of `bytes` random bytes behind a real header: compression would not shrink it. */
const pdf = (bytes: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 9)]);

const caseIdOf = (m: ParsedMail | undefined): string => /\[(KOLMI-\d+)\]/.exec(m?.subject ?? '')?.[1] ?? '';

async function openCase(
  d: TestDaemon,
  subject: string,
  attachments: Parameters<typeof submitMail>[0]['attachments'],
  html?: string,
) {
  const messageId = await submitMail({
    from: d.addresses.customer,
    to: d.addresses.mailbox.kolmisoft,
    subject,
    text: 'Calls drop after 30 seconds since the upgrade; the system is degraded. Trace and screenshot attached.',
    ...(html ? { html } : {}),
    attachments,
  });
  const [notice] = await waitForMail(
    d.addresses.engineer,
    (m) => (m.subject ?? '').includes(subject) && (m.text ?? '').startsWith('New case'),
    { timeoutMs: 30_000 },
  );
  return { messageId, notice, caseId: caseIdOf(notice) };
}

describe('customer attachments in the new-case notice', () => {
  let d: TestDaemon;
  const trace = pdf(3 * 1024 * 1024);
  let caseId = '';
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('carries a 3 MB PDF and an inline PNG byte for byte, the PNG inline with its Content-ID', async () => {
    const opened = await openCase(
      d,
      'SIP trace: calls drop after 30 s',
      [
        { filename: 'sip-trace.pdf', content: trace, contentType: 'application/pdf' },
        { filename: 'screenshot.png', content: PNG, contentType: 'image/png', cid: 'shot1@customer.example' },
      ],
      '<p>Calls drop, see:</p><img src="cid:shot1@customer.example">',
    );
    const { notice } = opened;
    caseId = opened.caseId;
    expect(caseId).not.toBe('');
    const byName = new Map(notice?.attachments.map((a) => [a.filename, a]));
    expect([...byName.keys()].sort()).toEqual(['screenshot.png', 'sip-trace.pdf']);
    expect(sha256(byName.get('sip-trace.pdf')?.content ?? Buffer.alloc(0))).toBe(sha256(trace));
    const png = byName.get('screenshot.png');
    expect(sha256(png?.content ?? Buffer.alloc(0))).toBe(sha256(PNG));
    expect(png?.contentId).toBe('<shot1@customer.example>');
    expect(png?.contentDisposition).toBe('inline');
    // The HTML part shows the screenshot by its Content-ID: reading it back, mailparser resolves
    // `cid:shot1@customer.example` to the inline part it names.
    expect(String(notice?.html)).toContain(`<img src="data:image/png;base64,${PNG.toString('base64')}"`);
    expect(notice?.text).toContain('Attached, as the customer sent them:');
    expect(notice?.text).toContain('- sip-trace.pdf (3.0 MB)');
  });

  it("a follow-up notice carries the follow-up's file; #attachments sends every file of the case", async () => {
    const [ack] = await waitForMail(d.addresses.customer, (m) => (m.subject ?? '').includes(`[${caseId}]`));
    const config = Buffer.from('[general]\nrtp_timeout=30\n');
    await submitMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.kolmisoft,
      subject: `Re: ${ack?.subject ?? ''}`,
      inReplyTo: ack?.messageId ?? '',
      text: 'Here is our SIP configuration as well.',
      attachments: [{ filename: 'sip.conf', content: config, contentType: 'text/plain' }],
    });
    const [followUp] = await waitForMail(
      d.addresses.engineer,
      (m) => (m.text ?? '').startsWith(`Follow-up on case [${caseId}]`),
      { timeoutMs: 30_000 },
    );
    expect(followUp?.attachments.map((a) => [a.filename, sha256(a.content)])).toEqual([
      ['sip.conf', sha256(config)],
    ]);

    await submitMail({
      from: d.addresses.engineer,
      to: d.addresses.mailbox.kolmisoft,
      subject: `Re: ${followUp?.subject ?? ''}`,
      text: '#attachments',
    });
    const [delivery] = await waitForMail(
      d.addresses.engineer,
      (m) => (m.subject ?? '').includes(`[${caseId}]`) && (m.subject ?? '').endsWith('— attachments'),
      { timeoutMs: 30_000 },
    );
    expect(delivery?.attachments.map((a) => [a.filename, sha256(a.content)])).toEqual([
      ['screenshot.png', sha256(PNG)],
      ['sip-trace.pdf', sha256(trace)],
      ['sip.conf', sha256(config)],
    ]);
  });
});

describe('attachments above the cap', () => {
  let d: TestDaemon;
  const CAP = 200_000;
  beforeAll(async () => {
    d = await startTestDaemon({ overlayYaml: `attachments: { maxTotalBytes: ${CAP} }` });
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('are listed with sizes, and #attachments delivers them in mails within the cap', async () => {
    const files = {
      'a-cdr-export.pdf': pdf(150_000),
      'b-config.pdf': pdf(120_000),
      'c-notes.pdf': pdf(40_000),
      'd-full-dump.pdf': pdf(250_000),
    };
    const { notice, caseId } = await openCase(
      d,
      'CDR export fails',
      Object.entries(files).map(([filename, content]) => ({
        filename,
        content,
        contentType: 'application/pdf',
      })),
    );
    expect(notice?.attachments).toEqual([]);
    expect(notice?.text).toContain('more than the 195 KB a notice carries');
    expect(notice?.text).toContain('- a-cdr-export.pdf (146 KB)');
    expect(notice?.text).toContain('- d-full-dump.pdf (244 KB)');
    expect(notice?.text).toContain('reply to this mail with #attachments alone on a line');

    await submitMail({
      from: d.addresses.engineer,
      to: d.addresses.mailbox.kolmisoft,
      subject: `Re: ${notice?.subject ?? ''}`,
      inReplyTo: notice?.messageId ?? '',
      text: `#attachments\n\nOn Tuesday the support desk wrote:\n> New case [${caseId}]`,
    });
    const deliveries = await waitForMail(
      d.addresses.engineer,
      (m) => (m.subject ?? '').includes(`[${caseId}]`) && (m.subject ?? '').includes('attachments ('),
      { count: 2, timeoutMs: 30_000 },
    );
    expect(deliveries.map((m) => m.subject).sort()).toEqual([
      `[${caseId}] CDR export fails — attachments (1/2)`,
      `[${caseId}] CDR export fails — attachments (2/2)`,
    ]);
    const received = deliveries.flatMap((m) => m.attachments);
    for (const mail of deliveries) {
      expect(mail.attachments.reduce((sum, a) => sum + a.content.length, 0)).toBeLessThanOrEqual(CAP);
    }
    expect(received.map((a) => a.filename).sort()).toEqual([
      'a-cdr-export.pdf',
      'b-config.pdf',
      'c-notes.pdf',
    ]);
    for (const a of received) {
      expect(sha256(a.content)).toBe(sha256(files[a.filename as keyof typeof files]));
    }
    // The file no mail within the cap can carry is named, with where it is.
    const last = deliveries.find((m) => (m.subject ?? '').includes('(2/2)'));
    expect(last?.text).toContain('- d-full-dump.pdf (244 KB)');
    expect(last?.text).toContain('Processed folder');

    // The command is ours: nothing was relayed to the customer (the ack is all they got).
    const toCustomer = await readFolder(d.addresses.customer);
    expect(toCustomer.filter((m) => (m.subject ?? '').includes(`[${caseId}]`)).length).toBe(1);
  });

  it('says so when the mail is gone from the mailbox, and lists the names', async () => {
    const { notice, caseId } = await openCase(d, 'Invoice run hangs', [
      { filename: 'invoice-log.pdf', content: pdf(50_000), contentType: 'application/pdf' },
    ]);
    expect(notice?.attachments.map((a) => a.filename)).toEqual(['invoice-log.pdf']);
    await deleteFromProcessed(d.addresses.mailbox.kolmisoft, 'Invoice run hangs');
    await submitMail({
      from: d.addresses.engineer,
      to: d.addresses.mailbox.kolmisoft,
      subject: `Re: ${notice?.subject ?? ''}`,
      text: '#attachments',
    });
    const [delivery] = await waitForMail(
      d.addresses.engineer,
      (m) => (m.subject ?? '').includes(`[${caseId}]`) && (m.subject ?? '').includes('— attachments'),
      { timeoutMs: 30_000 },
    );
    expect(delivery?.attachments).toEqual([]);
    expect(delivery?.text).toContain(
      'Not attached: the files could not be fetched (the mail is no longer in the mailbox',
    );
    expect(delivery?.text).toContain('- invoice-log.pdf (49 KB)');
  });
});

/** Deletes (and expunges) the customer's mail from a support mailbox's Processed folder. */
async function deleteFromProcessed(mailbox: string, subject: string): Promise<void> {
  const client = new ImapFlow({
    ...STACK.imap,
    secure: false,
    auth: { user: mailbox, pass: STACK.password },
    logger: false,
  });
  await client.connect();
  try {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const lock = await client.getMailboxLock('Processed');
      try {
        const found = await client.search({ subject }, { uid: true });
        if (Array.isArray(found) && found.length > 0) {
          await client.messageDelete(found, { uid: true });
          return;
        }
      } finally {
        lock.release();
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no mail "${subject}" in ${mailbox}/Processed`);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
