import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/load-app-config.js';
import { parseMail } from '../../../src/mail/parse-mail.js';
import { decideWithinBudget } from '../../../src/pipeline/budgeted-decide.js';
import { mailFacts } from '../../../src/pipeline/decision-facts.js';
import { HOSTILE_CORPUS } from '../../fixtures/mail/corpus.js';
import { loadPolicy, NOW, type SeedPolicyId } from '../policy/rules/support.js';

// Every hostile mail goes through the same steps as in the daemon: parse with the shipped
// limits, then the rules of every seed policy on the bounded text. A mail that parses must be
// decided within the shipped decision budget (a few milliseconds are normal; the quadratic
// rules this guards against took minutes); one that cannot be parsed must say why.
const { config } = loadAppConfig(undefined);
const POLICIES: SeedPolicyId[] = ['fastnetmon', 'netop', 'perfana', 'kolmisoft'];

describe('the hostile mail corpus', () => {
  it('has at least 40 mails with distinct names', () => {
    expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(HOSTILE_CORPUS.map((m) => m.name)).size).toBe(HOSTILE_CORPUS.length);
  });

  it.each(HOSTILE_CORPUS.map((m) => [m.name, m] as const))(
    '%s',
    async (_name, hostile) => {
      const outcome = await parseMail(hostile.raw(), hostile.name, NOW, () => false, config.imap);
      expect(outcome.ok ? 'parsed' : 'unparseable').toBe(hostile.expected);
      if (!outcome.ok) {
        expect(outcome.reason).not.toBe('');
        return;
      }
      const { mail } = outcome;
      expect(mail.subject.length).toBeLessThanOrEqual(config.imap.maxSubjectChars);
      expect(mail.text.length).toBeLessThanOrEqual(config.imap.maxTextChars);
      expect(mail.attachments.every((a) => a.content === undefined)).toBe(true);
      for (const policy of POLICIES) {
        const input = {
          mail: mailFacts(mail, config.worker.classifyTextChars),
          customer: null,
          policy: loadPolicy(policy),
          caseState: { requestsThisMonth: 0 },
          now: NOW,
        };
        const timed = decideWithinBudget(input, config.worker.decideBudgetMs);
        expect(timed.overBudget, `${policy} took ${timed.tookMs} ms`).toBe(false);
        expect(timed.decision.outcome).toBeDefined();
      }
    },
    120_000,
  );
});
