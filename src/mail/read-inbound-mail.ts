import type { Readable } from 'node:stream';
import type { InboundMail } from './inbound-mail.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, parseMail } from './parse-mail.js';
import type { RawMail, SenderAuthenticator } from './trust/authenticate-sender.js';

export interface ReadOptions {
  /** The Message-ID stand-in for a mail without one. */
  fallbackId: string;
  receivedAt: Date;
  /** Senders whose attachment bytes travel with the mail (staff answers to relay). */
  keepAttachmentContent?: (sender: string) => boolean;
  limits?: ParseLimits;
  authenticate: SenderAuthenticator;
}

/**
 * A mail as the pipeline takes it: parsed within the limits, then its sender authenticated
 * once, here, where the raw mail is at hand; the verdict travels with the mail and no later
 * stage reads Authentication-Results again. `raw` is what DKIM verification reads: the same
 * buffer, or the mail read again when `source` was a stream. Poller, replay and dry-run alike.
 */
export async function readInboundMail(
  source: Buffer | Readable,
  raw: RawMail,
  o: ReadOptions,
): Promise<{ ok: true; mail: InboundMail } | { ok: false; reason: string }> {
  const parsed = await parseMail(
    source,
    o.fallbackId,
    o.receivedAt,
    o.keepAttachmentContent,
    o.limits ?? DEFAULT_PARSE_LIMITS,
  );
  if (!parsed.ok) return parsed;
  const mail = parsed.mail;
  mail.sender = await o.authenticate({
    raw,
    headerLines: parsed.evidence.headerLines,
    fromAddress: mail.from.address,
    fromMailboxes: parsed.evidence.fromMailboxes,
  });
  return { ok: true, mail };
}
