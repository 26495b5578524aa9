import { formatSize, planNotice, safeFilename } from '../mail/attachment-plan.js';
import { errMessage } from '../mail/mailbox-poller.js';
import type { FetchedAttachment } from '../mail/raw-mail-fetcher.js';
import type { OutgoingAttachment } from '../mail/smtp-sender.js';
import type { TemplateVars } from '../mail/template-renderer.js';
import type { Services } from '../services.js';
import type { AttachmentGroup, CustomerAttachmentsRef } from './attachment-refs.js';

/** Attempts of a notify job that wait for IMAP to come back before the notice goes without files. */
const FETCH_ATTEMPTS = 3;

export interface ResolvedAttachments {
  /** `attachments` for the template: what is in this mail, what is only listed, and why. */
  vars: TemplateVars;
  files: OutgoingAttachment[];
}

interface Listed {
  filename: string;
  size: string;
}

const shown = (a: { filename: string; size: number }): Listed => ({
  filename: safeFilename(a.filename),
  size: formatSize(a.size),
});

/**
 * A Content-ID we can put into our own mail unchanged: RFC 5322 dot-atom text with one `@`,
 * and not one used twice in this mail (two customer mails may share one).
 */
const CID = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;

function toOutgoing(files: readonly FetchedAttachment[], usedCids: Set<string>): OutgoingAttachment[] {
  return files.map((f) => {
    const cid = f.contentId && CID.test(f.contentId) && !usedCids.has(f.contentId) ? f.contentId : undefined;
    if (cid) usedCids.add(cid);
    return {
      filename: safeFilename(f.item.filename),
      contentType: f.item.contentType,
      content: f.content,
      // An inline image keeps its Content-ID, so the HTML part shows it where it belongs.
      ...(cid && f.inline ? { cid, inline: true } : {}),
    };
  });
}

/**
 * The customer's attachments for one outgoing mail, read from the raw mail on IMAP now. A mail
 * that is gone, or a mailbox that stays unreachable, never holds the mail back: it goes out
 * listing the files and saying they could not be fetched (`#attachments` tries again later).
 */
export async function resolveAttachments(
  s: Services,
  ref: CustomerAttachmentsRef,
  attemptsMade: number,
): Promise<ResolvedAttachments> {
  const cap = s.config.attachments.maxTotalBytes;
  const part = ref.part && ref.part.of > 1 ? `mail ${ref.part.n} of ${ref.part.of}` : '';
  const base = { cap: formatSize(cap), part, folder: s.config.imap.processedFolder };
  const tooLarge = (ref.tooLarge ?? []).flatMap((g) =>
    g.items.map((a) => ({ ...shown(a), mailbox: g.mail.mailbox, messageId: g.mail.messageId })),
  );
  const wanted = ref.attach.flatMap((g) => g.items);
  if (ref.mode === 'notice') {
    const plan = planNotice(wanted, cap);
    if (plan.kind === 'none') return { vars: {}, files: [] };
    if (plan.kind === 'list')
      return {
        vars: {
          attachments: { ...base, attached: [], listed: wanted.map(shown), overCap: formatSize(plan.total) },
        },
        files: [],
      };
  }
  const attached: Listed[] = [];
  const unavailable: Listed[] = [];
  const reasons = new Set<string>();
  const files: OutgoingAttachment[] = [];
  const usedCids = new Set<string>();
  for (const group of ref.attach) {
    const outcome = await fetchGroup(s, group, attemptsMade);
    if (outcome.ok) {
      files.push(...toOutgoing(outcome.files, usedCids));
      attached.push(...group.items.map(shown));
    } else {
      unavailable.push(...group.items.map(shown));
      reasons.add(outcome.reason);
    }
  }
  return {
    vars: {
      attachments: {
        ...base,
        attached,
        listed: unavailable,
        unavailable: unavailable.length > 0 ? [...reasons].join('; ') : '',
        tooLarge,
        none: wanted.length === 0 && tooLarge.length === 0,
      },
    },
    files,
  };
}

async function fetchGroup(
  s: Services,
  group: AttachmentGroup,
  attemptsMade: number,
): Promise<{ ok: true; files: FetchedAttachment[] } | { ok: false; reason: string }> {
  try {
    const outcome = await s.attachmentFetcher.fetch(group.mail, group.items);
    if (outcome.ok) return outcome;
    s.logger.warn({ messageId: group.mail.messageId, reason: outcome.gone }, 'customer attachments gone');
    return { ok: false, reason: outcome.gone };
  } catch (err) {
    // IMAP down or sign-in refused: worth a few quick retries (the job's backoff), not an hour.
    if (attemptsMade + 1 < FETCH_ATTEMPTS) throw err;
    s.logger.warn(
      { messageId: group.mail.messageId, err: errMessage(err) },
      'customer attachments not fetched; sending without them',
    );
    return { ok: false, reason: `the mailbox could not be read (${errMessage(err)})` };
  }
}
