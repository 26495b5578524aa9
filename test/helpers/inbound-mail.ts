import type { InboundMail } from '../../src/mail/inbound-mail.js';

/** A parsed inbound mail from `from`, plain unless the test says otherwise. */
export function inboundMail(from: string, overrides: Partial<InboundMail> = {}): InboundMail {
  return {
    messageId: '<m@x>',
    from: { address: from, name: '' },
    replyTo: undefined,
    to: [],
    cc: [],
    subject: 'Help',
    date: new Date(0).toISOString(),
    text: 'Please help',
    inReplyTo: undefined,
    references: [],
    attachments: [],
    headers: {},
    isDeliveryReport: false,
    ...overrides,
    // Unit tests of the pipeline start from a sender intake authenticated; tests of the
    // unauthenticated paths say so.
    sender: overrides.sender ?? {
      authenticated: true,
      method: 'dmarc',
      domain: from.split('@')[1] ?? '',
      reason: 'DMARC pass',
    },
  };
}
