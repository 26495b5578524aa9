import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitMail } from '../helpers/local-stack.js';
import { caseIdIn, replyTo, sleep } from '../helpers/scenario-assertions.js';
import { type ExtraPolicy, startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// A 24x7 policy whose first-response promises differ by severity: 6 seconds (breached during
// the test), 1 hour and 4 hours, warning at half of each.
const DASH: ExtraPolicy = {
  id: 'dash',
  yaml: `
id: dash
name: Dashboard Support
casePrefix: DASH
timezone: Europe/London
warningFraction: 0.5
calendars:
  always: { type: 24x7 }
severities:
  - { id: urgent, label: Urgent }
  - { id: high, label: High }
  - { id: low, label: Low }
plans:
  - id: gold
    paid: true
    targets:
      - { severity: urgent, target: firstResponse, amount: 0.1, unit: minutes, calendar: always }
      - { severity: high, target: firstResponse, amount: 60, unit: minutes, calendar: always }
      - { severity: low, target: firstResponse, amount: 240, unit: minutes, calendar: always }
rules:
  severity:
    default: low
    subjectTags:
      - { severity: urgent, phrases: ["[urgent]"] }
      - { severity: high, phrases: ["[high]"] }
`,
  accountsYaml: `
  - id: dash-acme
    name: ACME Dash
    policy: dash
    plan: gold
    contacts:
      - { email: CUSTOMER, name: Casey Customer, role: administrator }
`,
};

/** Debian's chromium, as the brief for CI installs it (apt-get install chromium). */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';

describe('dashboard in a real browser', () => {
  let d: TestDaemon;
  let base = '';
  let context: BrowserContext;
  let page: Page;
  let profile = '';
  // The daemon's clock, moved forward once the cases are open so they stand at different urgencies.
  let offsetMs = 0;
  const ids: Record<'urgent' | 'high' | 'low', string> = { urgent: '', high: '', low: '' };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium (scripts/stack up does)`);
    d = await startTestDaemon({ http: true, extraPolicy: DASH, now: () => new Date(Date.now() + offsetMs) });
    base = `http://127.0.0.1:${d.httpPort}`;
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await d?.dispose();
  });

  it('refuses a request without the token, and a wrong one', async () => {
    const bare = await fetch(`${base}/dashboard`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ error: 'unauthorized' });
    expect((await fetch(`${base}/dashboard`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    expect((await fetch(`${base}/dashboard?token=wrong`, { redirect: 'manual' })).status).toBe(401);
    const ok = await fetch(`${base}/dashboard`, { headers: { authorization: 'Bearer test-token' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(ok.headers.get('cache-control')).toBe('no-store');
  });

  it('opens the test’s cases by mail', async () => {
    // Arrival order is the reverse of due order: the page must sort, not list by arrival.
    for (const severity of ['low', 'high', 'urgent'] as const) {
      const messageId = await submitMail({
        from: d.addresses.customer,
        to: d.addresses.extraMailbox ?? '',
        subject: `[${severity}] Dashboard ${severity} <b>check</b>`,
        text: `Something needs a look (${severity}).`,
      });
      ids[severity] = caseIdIn('DASH', (await replyTo(d.addresses.customer, messageId)).subject);
    }
    // The 6-second promise runs out and the SLA worker records the breach.
    for (let i = 0; i < 100 && !(await d.cases.get(ids.urgent))?.['breach.firstResponse']; i++)
      await sleep(200);
    expect((await d.cases.get(ids.urgent))?.['breach.firstResponse']).toBeTruthy();
    // 45 minutes on: the hour-long promise is past its warning (30 min), the 4-hour one is not.
    offsetMs = 45 * 60_000;
  });

  it('a browser without the token gets the sign-in form; the token posted once opens the page', async () => {
    const refused = await page.goto(`${base}/dashboard`);
    expect(refused?.status()).toBe(401);
    await page.fill('input[name="token"]', 'test-token');
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.click('button[type="submit"]')]);
    expect(await page.title()).toBe('Support intake — dashboard');
    const [cookie] = await context.cookies(base);
    expect(cookie).toMatchObject({ name: 'support_intake_session', httpOnly: true, sameSite: 'Lax' });
    expect(cookie?.value).not.toContain('test-token');

    // ?token= works too, and leaves the address bar at once.
    await context.clearCookies();
    const viaLink = await page.goto(`${base}/dashboard?token=test-token`);
    expect(viaLink?.status()).toBe(200);
    expect(page.url()).toBe(`${base}/dashboard`);
  });

  it('lists the open cases by next due time in red, amber and plain, with customer, policy, severity and status', async () => {
    await page.goto(`${base}/dashboard`);
    const rows = await page.$$eval('#open-cases tbody tr', (trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim());
        const left = tr.querySelector('td.left');
        return {
          id: tr.getAttribute('data-case'),
          cls: tr.className,
          background: left?.ownerDocument.defaultView?.getComputedStyle(left).backgroundColor ?? '',
          cells,
        };
      }),
    );
    expect(rows.map((r) => r.id)).toEqual([ids.urgent, ids.high, ids.low]);
    expect(rows.map((r) => r.cls)).toEqual(['overdue', 'warning', 'ok']);
    // #c62828 red, #f9a825 amber, none before the warning.
    expect(rows.map((r) => r.background)).toEqual([
      'rgb(198, 40, 40)',
      'rgb(249, 168, 37)',
      'rgba(0, 0, 0, 0)',
    ]);
    expect(rows[0]?.cells[1]).toMatch(/^−\d+m \(past due\)$/);
    expect(rows[1]?.cells[1]).toMatch(/^1[45]m \(warning\)$/);
    expect(rows[2]?.cells[1]).toMatch(/^3h 1[45]m$/);
    expect(rows.map((r) => r.cells.slice(3, 7))).toEqual(
      (['urgent', 'high', 'low'] as const).map((severity) => [
        `dash-acme (${d.addresses.customer})`,
        'dash',
        severity,
        'acknowledged',
      ]),
    );
    // The customer's markup in the subject is text on the page, not markup.
    expect(rows[0]?.cells[7]).toBe('[urgent] Dashboard urgent <b>check</b>');
    expect(await page.locator('#open-cases b').count()).toBe(0);
  });

  it('shows this month’s breach, the attainment chart, queue depths and mailbox states', async () => {
    const breaches = await page.$$eval('#breaches tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
    expect(breaches.map((b) => b.slice(1))).toEqual([[ids.urgent, 'firstResponse', 'dash-acme', 'dash']]);
    // One decided first response this week (the breach): 0 % for the dash policy.
    const points = page.locator('svg g[data-policy="dash"] circle title');
    expect(await points.count()).toBe(1);
    expect(await points.first().textContent()).toMatch(/^dash, week of \d{4}-\d\d-\d\d: 0% of 1$/);
    expect(await page.locator('#queues tbody tr td:first-child').allTextContents()).toEqual([
      'ingest',
      'triage',
      'notify',
      'sla',
      'webhook',
    ]);
    const mailboxes = await page.locator('#mailboxes tbody tr td:first-child').allTextContents();
    expect(mailboxes).toContain(d.addresses.extraMailbox);
    expect(await page.locator('script').count()).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });
});
