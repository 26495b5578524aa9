import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaAnswer } from '../../src/commands/sla-query.js';
import { readFolder, sendMail, waitForMail } from '../helpers/local-stack.js';
import { caseIdIn, historyOf, replyTo, sleep } from '../helpers/scenario-assertions.js';
import { runSlaCli } from '../helpers/sla-cli.js';
import { firesAt, liveTimers, storedDue } from '../helpers/sla-timers.js';
import { type ExtraPolicy, startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// A policy whose promises run out in seconds, on a 24x7 calendar, so breaches happen in a test.
const QUICK: ExtraPolicy = {
  id: 'quick',
  yaml: `
id: quick
name: Quick Support
casePrefix: QT
timezone: Europe/London
warningFraction: 0.5
calendars:
  always: { type: 24x7 }
severities:
  - { id: high, label: High }
  - { id: low, label: Low }
plans:
  - id: gold
    paid: true
    targets:
      - { severity: high, target: firstResponse, amount: 0.1, unit: minutes, calendar: always }
      - { severity: high, target: resolution1, amount: 0.25, unit: minutes, calendar: always }
      - { severity: low, target: firstResponse, amount: 10, unit: minutes, calendar: always }
      - { severity: low, target: resolution1, amount: 20, unit: minutes, calendar: always }
escalations:
  - { onBreach: resolution1, to: second-level, label: Second level support }
rules:
  severity:
    default: low
    subjectTags:
      - { severity: high, phrases: ["[high]"] }
`,
  accountsYaml: `
  - id: quick-acme
    name: ACME Quick
    policy: quick
    plan: gold
    contacts:
      - { email: CUSTOMER, name: Casey Customer, role: administrator }
`,
};

interface Hook {
  kind: string;
  target: string;
  caseId: string;
  text: string;
}

describe('SLA clocks, alerts and engineers answering from their mail client', () => {
  let d: TestDaemon;
  let hookServer: Server;
  const hooks: Hook[] = [];
  const refusedOnce = new Set<string>();
  let sla: Queue;

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        const hook = JSON.parse(body) as Hook;
        // Every breach alert's first delivery fails: the retry must bring it, exactly once.
        const key = `${hook.caseId}/${hook.kind}/${hook.target}`;
        if (hook.kind === 'breach' && !refusedOnce.has(key)) {
          refusedOnce.add(key);
          res.writeHead(503).end('busy');
          return;
        }
        hooks.push(hook);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    const port = (hookServer.address() as AddressInfo).port;
    d = await startTestDaemon({
      extraPolicy: QUICK,
      webhookUrl: `http://127.0.0.1:${port}/hook`,
      autoCloseDays: 0.00005,
    });
    sla = new Queue('sla', { connection: d.redis.duplicate(), prefix: `{${d.prefix}}:q` });
  });
  afterAll(async () => {
    await sla.close();
    await d.dispose();
    hookServer.close();
  });

  const mailbox = (): string => d.addresses.extraMailbox ?? '';
  const caseOf = async (id: string): Promise<Record<string, string>> =>
    ({ ...(await d.cases.get(id)) }) as Record<string, string>;
  const history = (id: string) => historyOf(d, id);

  /**
   * What `support-intake sla` prints for a target of a case asked with the case's start, plan,
   * severity and every pause it stored (as epoch ms).
   */
  async function slaPrints(caseId: string, target: string): Promise<number> {
    const record = await caseOf(caseId);
    const pauses = JSON.parse(record.pauses ?? '[]') as { from: string; to: string }[];
    const { out, code } = await runSlaCli(join(dirname(d.configFile), 'policies'), [
      ...['--policy', 'quick', '--plan', record.planId ?? '', '--severity', record.severity ?? ''],
      ...['--at', record.createdAt ?? '', ...pauses.flatMap((p) => ['--pause', `${p.from}/${p.to}`])],
    ]);
    expect(code).toBeUndefined();
    return Date.parse((JSON.parse(out) as SlaAnswer).targets.find((t) => t.name === target)?.due ?? '');
  }

  /** The new-case notice the engineers got for a case. */
  async function newCaseNotice(caseId: string) {
    const [notice] = await waitForMail(d.addresses.engineer, (m) =>
      (m.subject ?? '').includes(`[${caseId}]`),
    );
    if (!notice) throw new Error(`no new-case notice for ${caseId}`);
    return notice;
  }

  /** An engineer answers the new-case notice from their mail client. */
  async function answerNotice(caseId: string, text: string): Promise<void> {
    const notice = await newCaseNotice(caseId);
    await sendMail({ from: d.addresses.engineer, to: mailbox(), subject: `Re: ${notice.subject}`, text });
  }

  /** Opens a case and returns its ID, the customer's Message-ID and the ack. */
  async function openCase(subject: string, text: string) {
    const messageId = await sendMail({ from: d.addresses.customer, to: mailbox(), subject, text });
    const ack = await replyTo(d.addresses.customer, messageId);
    const caseId = caseIdIn('QT', ack.subject);
    expect(caseId).not.toBe('');
    return { caseId, messageId, ack };
  }

  it('relays an engineer answer, stripped of quotes and commands, in the customer thread; first response met', async () => {
    const { caseId, messageId } = await openCase(
      'Dashboard export fails',
      'The PDF export returns an empty file since Monday.',
    );
    const notice = await newCaseNotice(caseId);
    expect(notice?.replyTo?.value[0]?.address).toBe(mailbox());
    expect(notice?.text).toContain('The PDF export returns an empty file');

    const answer =
      'Hi Casey,\n\nWe reproduced it: the export needs the new font package. A fix ships on Friday.';
    await sendMail({
      from: d.addresses.engineer,
      to: mailbox(),
      subject: `Re: ${notice?.subject}`,
      inReplyTo: notice?.messageId,
      text: `${answer}\n#status waiting\n\nOn Tue, 24 Nov 2026 at 10:00, Quick Support <${mailbox()}> wrote:\n> The PDF export returns an empty file since Monday.\n> #resolve`,
    });
    const [relayed] = await waitForMail(
      d.addresses.customer,
      (m) => m.inReplyTo === messageId && (m.text ?? '').includes('font package'),
    );
    expect(relayed?.subject).toBe(`Re: [${caseId}] Dashboard export fails`);
    expect(relayed?.from?.value[0]?.address).toBe(mailbox());
    expect(relayed?.text?.startsWith(answer)).toBe(true);
    expect(relayed?.text).not.toContain('#status');
    expect(relayed?.text).not.toContain('> The PDF export');
    expect(relayed?.headers.get('auto-submitted')).toBeUndefined();

    const record = await caseOf(caseId);
    expect(record.status).toBe('waiting');
    expect(record['met.firstResponse']).toBeDefined();
    expect(record['met.resolution1']).toBeUndefined();
    const events = (await history(caseId)).map((h) => h.event);
    expect(events).toEqual(expect.arrayContaining(['created', 'engineer-answer', 'target-met', 'status']));
  });

  it('moves the resolution breach on pause and resume by the time spent waiting, and its timer with it', async () => {
    const { caseId } = await openCase('Slow report generation', 'Reports take minutes to render.');
    const schedule = async () => {
      const record = await caseOf(caseId);
      const version = Number(record.slaVersion);
      const timers = await liveTimers(sla, caseId);
      return { version, timers, due: storedDue(record.targets, 'resolution1') };
    };
    const before = await schedule();
    expect(before.timers).toHaveLength(1);
    expect(before.timers[0]?.data.version).toBe(before.version);
    const dueBefore = Date.parse(before.due ?? '');

    await answerNotice(caseId, 'Could you send the report definition?\n#status waiting');
    await expect.poll(async () => (await caseOf(caseId)).status, { timeout: 10_000 }).toBe('waiting');
    const paused = await schedule();
    expect(paused.version).toBeGreaterThan(before.version);
    expect(paused.due).toBeNull(); // clock stopped: no due time while waiting
    // Resolution paused: the only timer left (if any) is the new version's, for the first
    // response, whose clock does not stop (the answer meets it when its relay has left).
    for (const t of paused.timers)
      expect([t.data.version, t.data.target]).toEqual([paused.version, 'firstResponse']);

    const waitedFrom = Date.now();
    await sleep(3000);
    await sendMail({
      from: d.addresses.customer,
      to: mailbox(),
      subject: `Re: [${caseId}] Slow report generation`,
      text: 'Here is the definition.',
    });
    await expect.poll(async () => (await caseOf(caseId)).status, { timeout: 10_000 }).toBe('in-progress');
    const waited = Date.now() - waitedFrom;
    const resumed = await schedule();
    const dueAfter = Date.parse(resumed.due ?? '');
    expect(dueAfter - dueBefore).toBeGreaterThanOrEqual(2500);
    expect(dueAfter - dueBefore).toBeLessThanOrEqual(waited + 1000);
    expect((await history(caseId)).some((h) => h.detail.includes('resumed'))).toBe(true);

    // `sla` asked with the case's start, severity and the pause it stored prints the stored due.
    expect(await slaPrints(caseId, 'resolution1')).toBe(dueAfter);
    // One timer, of the new version, at the schedule's first instant not passed yet (of the
    // first response, met or not, or of the resolution); never later than the resolution's due.
    expect(resumed.timers).toHaveLength(1);
    const timer = resumed.timers[0];
    expect(timer?.data.version).toBe(resumed.version);
    const at = Date.parse(timer?.data.dueAt ?? '');
    expect(at).toBeLessThanOrEqual(dueAfter);
    const [pause] = JSON.parse((await caseOf(caseId)).pauses ?? '[]') as { to: string }[];
    const pauseEnd = Date.parse(pause?.to ?? '');
    // The job fires `delay` after BullMQ took it, and the delay was measured from the daemon's
    // clock at scheduling time, which lies between the resume and the job's creation.
    if (timer) {
      expect(firesAt(timer)).toBeGreaterThanOrEqual(at);
      expect(firesAt(timer) - at).toBeLessThanOrEqual(timer.timestamp - pauseEnd);
    }
  });

  it('alerts ops once per breach by mail and webhook, and escalates on the resolution breach', async () => {
    const { caseId } = await openCase(
      '[high] Production dashboards down',
      'All dashboards return 500 since 09:00.',
    );
    // firstResponse 6 s, resolution1 15 s; warnings at half of each.
    const alertMail = (kind: string, target: string) => (m: { subject?: string }) =>
      (m.subject ?? '').startsWith(`[${caseId}] ${kind} of ${target}`);
    const [breach] = await waitForMail(d.addresses.ops, alertMail('breach', 'firstResponse'), {
      timeoutMs: 20_000,
    });
    expect(breach?.text).toContain('All dashboards return 500');
    expect(breach?.text).toContain('Late by:');
    await waitForMail(d.addresses.ops, alertMail('escalation-second-level', 'resolution1'), {
      timeoutMs: 25_000,
    });
    await sleep(3000); // room for a second copy to show up, if any
    const ops = await readFolder(d.addresses.ops);
    for (const [kind, target] of [
      ['warning', 'firstResponse'],
      ['breach', 'firstResponse'],
      ['warning', 'resolution1'],
      ['breach', 'resolution1'],
    ] as const) {
      expect(ops.filter(alertMail(kind, target)), `${kind} ${target} mails`).toHaveLength(1);
      const calls = hooks.filter((h) => h.caseId === caseId && h.kind === kind && h.target === target);
      expect(calls, `${kind} ${target} webhook calls`).toHaveLength(1);
      expect(calls[0]?.text).toContain(caseId);
      if (kind === 'breach') expect(refusedOnce.has(`${caseId}/${kind}/${target}`)).toBe(true);
    }
    const record = await caseOf(caseId);
    expect(record.level).toBe('second-level');
    const events = (await history(caseId)).map((h) => h.event);
    expect(events.filter((e) => e === 'sla-breach')).toHaveLength(2);
    expect(events).toContain('escalated');
  }, 60_000);

  it('reschedules on a severity change from the case start, and an unknown command gets a short reply', async () => {
    const { caseId } = await openCase('Login page slow', 'Takes 8 seconds to log in.');
    const versionBefore = Number((await caseOf(caseId)).slaVersion);
    await answerNotice(caseId, 'Raising this.\n#severity high\n#snooze 1h\n#internal');
    await expect.poll(async () => (await caseOf(caseId)).severity, { timeout: 10_000 }).toBe('high');
    // The severity is written first, the new schedule a moment later.
    await expect
      .poll(async () => Number((await caseOf(caseId)).slaVersion), { timeout: 10_000 })
      .toBeGreaterThan(versionBefore);
    // The rescheduled resolution breach is due where `sla` says for the new severity, and the
    // case has one timer, of the new version.
    const version = Number((await caseOf(caseId)).slaVersion);
    const expected = await slaPrints(caseId, 'resolution1');
    expect(storedDue((await caseOf(caseId)).targets, 'resolution1')).toBe(new Date(expected).toISOString());
    await expect
      .poll(
        async () =>
          (await sla.getJobs(['delayed', 'waiting', 'active', 'completed'])).some(
            (j) => j.data?.caseId === caseId && j.data?.kind === 'timer' && j.data?.version === version,
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    // High's first response (6 s from the case start) is already gone: the breach fires now.
    await waitForMail(
      d.addresses.ops,
      (m) => (m.subject ?? '').startsWith(`[${caseId}] breach of firstResponse`),
      {
        timeoutMs: 15_000,
      },
    );
    const [help] = await waitForMail(d.addresses.engineer, (m) => (m.text ?? '').includes('#snooze 1h'));
    expect(help?.text).toContain('#status waiting|in-progress|resolved|closed');
    // #internal: nothing went to the customer.
    const toCustomer = (await readFolder(d.addresses.customer)).filter((m) =>
      (m.text ?? '').includes('Raising this'),
    );
    expect(toCustomer).toHaveLength(0);
  }, 40_000);

  it('ignores commands from the customer, and #resolve resolves then closes the case by itself', async () => {
    const { caseId } = await openCase('Export question', 'Can exports include totals?');
    await sendMail({
      from: d.addresses.customer,
      to: mailbox(),
      subject: `Re: [${caseId}] Export question`,
      text: 'Also:\n#status closed',
    });
    await expect
      .poll(async () => (await history(caseId)).some((h) => h.event === 'commands-ignored'), {
        timeout: 10_000,
      })
      .toBe(true);
    expect((await caseOf(caseId)).status).not.toBe('closed');

    await answerNotice(caseId, 'Yes: tick "Totals" in the export dialog.\n#resolve');
    await expect.poll(async () => (await caseOf(caseId)).status, { timeout: 10_000 }).toBe('resolved');
    expect((await caseOf(caseId))['met.resolution1']).toBeDefined();
    // autoCloseDays is a few seconds in this test.
    await expect
      .poll(async () => (await caseOf(caseId)).status, { timeout: 20_000, interval: 500 })
      .toBe('closed');
  }, 45_000);

  it('does not treat an engineer writing outside a case thread as a customer', async () => {
    const messageId = await sendMail({
      from: d.addresses.engineer,
      to: mailbox(),
      subject: 'Lunch at 12?',
      text: 'Anyone up for lunch?',
    });
    await expect
      .poll(async () => (await d.mailLog()).find((e) => e.messageId === messageId)?.outcome, {
        timeout: 10_000,
      })
      .toContain('staff-without-case');
    expect((await readFolder(d.addresses.engineer)).filter((m) => m.inReplyTo === messageId)).toHaveLength(0);
  });
});
