import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CORPUS } from '../fixtures/mail/corpus.js';
import { appendMail, countMessages, readFolder } from '../helpers/local-stack.js';
import { mailLogEntry, sleep } from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// The whole hostile corpus, delivered into a running daemon's mailbox: nothing crashes it,
// every mail is answered, ignored with a reason or quarantined, and /health keeps answering
// within a second while it works through them.

/** The corpus mail, addressed to this test's customer and mailbox, with its own Message-ID. */
function addressed(raw: Buffer, d: TestDaemon, name: string): Buffer {
  return Buffer.from(
    raw
      .toString('binary')
      .replaceAll('customer@example.test', d.addresses.customer)
      .replaceAll('netop@example.test', d.addresses.mailbox.netop)
      .replaceAll('<hostile@example.test>', `<${name}-${d.id}@example.test>`),
    'binary',
  );
}

describe('the hostile corpus through a running daemon', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon({ http: true });
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('crashes nothing, leaves no mail without an outcome, and /health answers within 1 s throughout', async () => {
    const slowest = { ms: 0 };
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        const res = await fetch(`http://127.0.0.1:${d.httpPort}/health`, {
          signal: AbortSignal.timeout(5_000),
        });
        expect(res.status).toBe(200);
        slowest.ms = Math.max(slowest.ms, performance.now() - started);
        await sleep(200);
      }
    })();

    for (const hostile of HOSTILE_CORPUS) {
      await appendMail(d.addresses.mailbox.netop, addressed(hostile.raw(), d, hostile.name));
    }
    const parsed = HOSTILE_CORPUS.filter((h) => h.expected === 'parsed');
    const unparseable = HOSTILE_CORPUS.length - parsed.length;
    const idOf = (name: string) => `<${name}-${d.id}@example.test>`;

    // Every parsed mail is answered (a reply threads to it) or in the mail log with a reason.
    const outcome = async (name: string): Promise<string | undefined> => {
      const entry = await mailLogEntry(d, idOf(name));
      if (entry) return `${entry.outcome}: ${entry.reason}`;
      return undefined;
    };
    const deadline = Date.now() + 240_000;
    let pending: string[] = parsed.map((h) => h.name);
    while (Date.now() < deadline) {
      const answered = new Set((await readFolder(d.addresses.customer)).map((m) => m.inReplyTo ?? ''));
      // A mail without a Message-ID gets one made from its mailbox and UID.
      const answeredWithoutId = [...answered].some((id) => id.endsWith('@support-intake.invalid>'));
      const still: string[] = [];
      for (const name of pending) {
        if (answered.has(idOf(name))) continue;
        if (name === 'h04-no-message-id' && answeredWithoutId) continue;
        if ((await outcome(name)) !== undefined) continue;
        still.push(name);
      }
      pending = still;
      if (
        pending.length === 0 &&
        (await countMessages(d.addresses.mailbox.netop, 'Quarantine')) >= unparseable
      )
        break;
      await sleep(2000);
    }
    probing = false;
    await probe;
    expect(pending).toEqual([]);
    expect(await countMessages(d.addresses.mailbox.netop, 'Quarantine')).toBe(unparseable);
    expect(await countMessages(d.addresses.mailbox.netop, 'INBOX')).toBe(0);
    expect(slowest.ms).toBeLessThan(1000);
  }, 300_000);
});
