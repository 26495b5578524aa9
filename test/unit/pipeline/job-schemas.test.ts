import { describe, expect, it } from 'vitest';
import { ingestJobSchema, notifyJobSchema, slaJobSchema } from '../../../src/pipeline/job-schemas.js';
import { inboundMail } from '../../helpers/inbound-mail.js';

const ingest = {
  mailbox: 'netop@example.test',
  policy: 'netop',
  uidValidity: '17',
  uid: 4,
  receivedAt: '2025-06-10T09:00:00.000Z',
  mail: inboundMail('customer@example.test'),
};

describe('queue payload schemas', () => {
  it('accepts an ingest job as the poller writes it, after a JSON round trip', () => {
    const parsed = ingestJobSchema.parse(JSON.parse(JSON.stringify(ingest)));
    expect(parsed.mail.from.address).toBe('customer@example.test');
  });

  it('keeps fields a newer writer added', () => {
    const parsed = ingestJobSchema.parse({ ...ingest, mail: { ...ingest.mail, verdict: 'pass' } });
    expect(parsed.mail).toHaveProperty('verdict', 'pass');
  });

  it('refuses a job without its mail, a notify job without recipients, an SLA job of an unknown kind', () => {
    expect(ingestJobSchema.safeParse({ ...ingest, mail: undefined }).success).toBe(false);
    const notify = {
      messageId: '<a@b>',
      policy: 'netop',
      template: 'ack',
      from: 'netop@example.test',
      to: [],
      subject: 'x',
      references: [],
      vars: {},
      autoReply: true,
    };
    expect(notifyJobSchema.safeParse(notify).success).toBe(false);
    expect(notifyJobSchema.safeParse({ ...notify, to: ['c@example.test'] }).success).toBe(true);
    // Customer attachments travel as references: a group without its mail's UID is refused.
    const group = {
      mail: { mailbox: 'netop@example.test', messageId: '<m@x>', folder: 'INBOX', uidValidity: '7', uid: 3 },
      items: [{ index: 0, filename: 'a.pdf', contentType: 'application/pdf', size: 10 }],
    };
    const withRefs = {
      ...notify,
      to: ['c@example.test'],
      customerAttachments: { mode: 'notice', attach: [group] },
    };
    expect(notifyJobSchema.safeParse(withRefs).success).toBe(true);
    const noUid = { ...group, mail: { ...group.mail, uid: undefined } };
    expect(
      notifyJobSchema.safeParse({ ...withRefs, customerAttachments: { mode: 'notice', attach: [noUid] } })
        .success,
    ).toBe(false);
    const sla = { caseId: 'NETOP-1', target: 'firstResponse', kind: 'reminder', version: 1, dueAt: '' };
    expect(slaJobSchema.safeParse(sla).success).toBe(false);
  });
});
