import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMail } from '../helpers/local-stack.js';
import { caseIdIn, replyTo, sleep } from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

describe('HTTP: health, readiness, metrics, case API and queue board', () => {
  let d: TestDaemon;
  let base = '';
  const auth = { authorization: 'Bearer test-token' };
  beforeAll(async () => {
    d = await startTestDaemon({ http: true });
    base = `http://127.0.0.1:${d.httpPort}`;
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('answers health and readiness without a token', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    // Ready once every mailbox this process leads is connected to IMAP (a second or two after start).
    let ready = await fetch(`${base}/ready`);
    for (let i = 0; i < 50 && ready.status !== 200; i++) {
      await sleep(200);
      ready = await fetch(`${base}/ready`);
    }
    const body = (await ready.json()) as {
      status: string;
      checks: unknown;
      mailboxes: { mailbox: string }[];
    };
    expect(body).toMatchObject({ status: 'ready', checks: { redis: 'ok', imap: 'ok', smtp: 'ok' } });
    // Each mailbox's health, as its poller published it once connected.
    expect(body.mailboxes.map((m) => m.mailbox).sort()).toEqual(Object.values(d.addresses.mailbox).sort());
  });

  it('shows a case with its history behind the token, and counts decisions in /metrics', async () => {
    const messageId = await sendMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.kolmisoft,
      subject: 'Calls drop after 30 seconds',
      text: 'Since this morning all outgoing calls drop after 30 seconds. The system is degraded.',
    });
    const ack = await replyTo(d.addresses.customer, messageId);
    const caseId = caseIdIn('KOLMI', ack.subject);

    expect((await fetch(`${base}/cases/${caseId}`)).status).toBe(401);
    expect(
      (await fetch(`${base}/cases/${caseId}`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    const body = (await (await fetch(`${base}/cases/${caseId}`, { headers: auth })).json()) as {
      case: { id: string; customerEmail: string; policy: string };
      history: { event: string }[];
    };
    expect(body.case).toMatchObject({ id: caseId, customerEmail: d.addresses.customer, policy: 'kolmisoft' });
    expect(body.history.map((h) => h.event)).toContain('created');
    const list = (await (
      await fetch(`${base}/cases?customer=${d.addresses.customer}`, { headers: auth })
    ).json()) as {
      cases: string[];
    };
    expect(list.cases).toContain(caseId);
    expect((await fetch(`${base}/cases/NOPE-1`, { headers: auth })).status).toBe(404);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/support_intake_decisions_total\{policy="kolmisoft",decision="accept"\} [1-9]/);
  });

  it('lists open cases in the policy order: Kolmisoft plan priority before arrival', async () => {
    const ask = async (from: string, subject: string, text: string): Promise<string> => {
      const messageId = await sendMail({ from, to: d.addresses.mailbox.kolmisoft, subject, text });
      const ack = await replyTo(from, messageId);
      return caseIdIn('KOLMI', ack.subject);
    };
    // The free-plan blocker arrives first; the enterprise question second.
    const free = await ask(
      d.addresses.alice,
      'Calls fail',
      'All calls fail since the upgrade, MOR X8 bug. The system is down.',
    );
    const enterprise = await ask(
      d.addresses.customer,
      'How do I export CDRs?',
      'A question about exporting CDRs.',
    );
    await expect
      .poll(async () => {
        const list = (await (await fetch(`${base}/cases?status=acknowledged`, { headers: auth })).json()) as {
          cases: string[];
        };
        return list.cases.filter((c) => c === free || c === enterprise);
      })
      .toEqual([enterprise, free]);
  });

  it('serves the queue board to a browser with Basic auth', async () => {
    const basic = `Basic ${Buffer.from('ops:test-token').toString('base64')}`;
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const page = await fetch(`${base}/admin/queues`, { headers: { authorization: basic } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it('keeps the queue board read-only: no job can be added, retried or cleaned', async () => {
    const headers = { ...auth, 'content-type': 'application/json' };
    const add = await fetch(`${base}/admin/queues/api/queues/notify/add`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'x', data: { to: ['anyone@example.test'] } }),
    });
    expect(add.status).toBe(405);
    const clean = await fetch(`${base}/admin/queues/api/queues/notify/clean/completed`, {
      method: 'PUT',
      headers,
    });
    expect(clean.status).toBe(405);
    const queues = await fetch(`${base}/admin/queues/api/queues`, { headers: auth });
    expect(queues.status).toBe(200);
  });
});
