import { describe, expect, it } from 'vitest';
import { attainmentChart } from '../../../../src/ops/dashboard/attainment-chart.js';
import type { DashboardData, OpenCaseRow } from '../../../../src/ops/dashboard/dashboard-data.js';
import { escapeHtml, html } from '../../../../src/ops/dashboard/html.js';
import { renderDashboard, renderSignIn } from '../../../../src/ops/dashboard/render-dashboard.js';

const now = new Date('2026-03-10T12:00:00Z');
const minutes = (n: number): Date => new Date(now.getTime() + n * 60_000);

function openCase(
  id: string,
  due: Date | null,
  warnAt: Date | null,
  extra: Partial<OpenCaseRow> = {},
): OpenCaseRow {
  return {
    id,
    customer: 'acme (ops@acme.test)',
    policy: 'fastnetmon',
    severity: 'critical',
    status: 'acknowledged',
    subject: 'Detection stopped',
    nextTarget: due ? 'firstResponse' : null,
    due,
    warnAt,
    ...extra,
  };
}

function data(over: Partial<DashboardData> = {}): DashboardData {
  return {
    now,
    openCases: [],
    openCasesTruncated: false,
    breachesThisMonth: [],
    monthStart: new Date('2026-03-01T00:00:00Z'),
    attainment: [],
    queues: {
      ingest: { waiting: 3, active: 1 },
      triage: {},
      notify: { failed: 2 },
      sla: { delayed: 7 },
      webhook: {},
    },
    mailboxes: [],
    ...over,
  };
}

/** The rows of one table as the page shows them: [class, cells...]. */
function rowsOf(page: string, tableId: string): { cls: string; cells: string[] }[] {
  const table = new RegExp(`<table id="${tableId}">([\\s\\S]*?)</table>`).exec(page)?.[1] ?? '';
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr(?: class="([^"]*)")?[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({
    cls: m[1] ?? '',
    cells: [...(m[2] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
      (c[1] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  }));
}

describe('dashboard page', () => {
  it('lists open cases in the given order, red past due, amber past the warning, plain before', () => {
    const page = renderDashboard(
      data({
        openCases: [
          openCase('FNM-1', minutes(-90), minutes(-120)),
          openCase('FNM-2', minutes(20), minutes(-5)),
          openCase('FNM-3', minutes(3 * 60 + 5), minutes(60)),
          openCase('FNM-4', null, null, { status: 'waiting' }),
        ],
      }),
    );
    const rows = rowsOf(page, 'open-cases');
    expect(rows.map((r) => [r.cls, r.cells[0], r.cells[1]])).toEqual([
      ['overdue', 'FNM-1', '−1h 30m (past due)'],
      ['warning', 'FNM-2', '20m (warning)'],
      ['ok', 'FNM-3', '3h 05m'],
      ['none', 'FNM-4', '—'],
    ]);
    expect(rows[0]?.cells.slice(3, 7)).toEqual([
      'acme (ops@acme.test)',
      'fastnetmon',
      'critical',
      'acknowledged',
    ]);
    expect(page).toContain('Open cases by next due time (4)');
  });

  it('escapes everything a customer wrote', () => {
    const page = renderDashboard(
      data({
        openCases: [
          openCase('FNM-9', minutes(5), null, {
            subject: '<script>alert(1)</script>',
            customer: '"><img src=x onerror=alert(1)>',
          }),
        ],
      }),
    );
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows breaches, queue depths and mailbox states, and says when Redis could not be read', () => {
    const page = renderDashboard(
      data({
        breachesThisMonth: [
          {
            caseId: 'NETOP-4',
            policy: 'netop',
            customer: 'globex',
            target: 'firstResponse',
            breachedAt: new Date('2026-03-02T08:30:00Z'),
          },
        ],
        mailboxes: [
          {
            mailbox: 'support@netop.test',
            connected: false,
            lastFetchAt: '2026-03-10T11:00:00Z',
            signInFailures: 3,
            lastError: 'AUTHENTICATIONFAILED',
            lastErrorAt: '2026-03-10T11:59:00Z',
            downSince: '2026-03-10T11:10:00Z',
            alerted: true,
            updatedAt: '2026-03-10T11:59:00Z',
          },
        ],
      }),
    );
    expect(rowsOf(page, 'breaches')[0]?.cells).toEqual([
      '2026-03-02 08:30 UTC',
      'NETOP-4',
      'firstResponse',
      'globex',
      'netop',
    ]);
    const queues = rowsOf(page, 'queues');
    expect(queues.map((r) => r.cells[0])).toEqual(['ingest', 'triage', 'notify', 'sla', 'webhook']);
    expect(queues[0]?.cells.slice(1, 4)).toEqual(['3', '0', '1']);
    expect(rowsOf(page, 'mailboxes')[0]?.cells).toEqual([
      'support@netop.test',
      'down since 2026-03-10 11:10 UTC',
      '2026-03-10 11:00 UTC',
      'AUTHENTICATIONFAILED',
    ]);

    const blind = renderDashboard(data({ queues: null, mailboxes: null }));
    expect(blind).toContain('Queue counts could not be read');
    expect(blind).toContain('Mailbox states could not be read');
    expect(renderDashboard(data())).toContain('No open cases.');
  });

  it('refreshes itself without script and carries no script at all', () => {
    const page = renderDashboard(data({ openCases: [openCase('FNM-1', minutes(5), null)] }));
    expect(page).toContain('<meta http-equiv="refresh" content="60">');
    expect(page).not.toMatch(/<script/i);
    // Links to cases carry no credentials: the browser's cookie opens them.
    expect(page).toContain('<a href="/cases/FNM-1">FNM-1</a>');
    expect(page).not.toContain('token=');
  });

  it('the sign-in form posts the token (never a GET that would put it in the address)', () => {
    const form = renderSignIn(true);
    expect(form).toContain('<form method="post" action="/dashboard/sign-in">');
    expect(form).toContain('type="password" name="token"');
    expect(form).toContain('That token is not the API token.');
    expect(renderSignIn(false)).not.toContain('not the API token');
  });
});

describe('attainment chart', () => {
  const week = (i: number): Date => new Date(Date.UTC(2026, 0, 5 + 7 * i));
  it('draws one line per policy, breaks at undecided weeks, and labels every point', () => {
    const svg = attainmentChart([
      {
        policy: 'fastnetmon',
        weeks: [
          { start: week(0), attainment: 100, decided: 2 },
          { start: week(1), attainment: 50, decided: 4 },
          { start: week(2), attainment: null, decided: 0 },
          { start: week(3), attainment: 75, decided: 4 },
        ],
      },
      {
        policy: '<netop>',
        weeks: [0, 1, 2, 3].map((i) => ({ start: week(i), attainment: 0, decided: 1 })),
      },
    ]).text;
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    const fnm = /<g class="series" data-policy="fastnetmon">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
    // Weeks 0–1 joined; week 3 alone after the gap is a point, not a line.
    expect(fnm.match(/<polyline/g)).toHaveLength(1);
    expect(fnm.match(/<circle/g)).toHaveLength(3);
    expect(fnm).toContain('<title>fastnetmon, week of 2026-01-12: 50% of 4</title>');
    // 100 % at the top of the plot (y 12), 50 % halfway down its 200 px (y 112).
    expect(fnm).toMatch(/points="44\.0,12\.0 [0-9.]+,112\.0"/);
    expect(svg).toContain('data-policy="&lt;netop&gt;"');
    expect(svg).not.toContain('<netop>');
  });

  it('says so when nothing was decided', () => {
    expect(attainmentChart([]).text).toContain('No first response was met or breached');
    expect(
      attainmentChart([{ policy: 'x', weeks: [{ start: week(0), attainment: null, decided: 0 }] }]).text,
    ).toContain('No first response');
  });
});

describe('html', () => {
  it('escapes interpolated text, keeps nested markup and arrays', () => {
    expect(escapeHtml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&#39;');
    const inner = html`<b>${'x&y'}</b>`;
    expect(html`<p>${inner}${[html`<i>1</i>`, '<2>']}${null}${undefined}${3}</p>`.text).toBe(
      '<p><b>x&amp;y</b><i>1</i>&lt;2&gt;3</p>',
    );
  });
});
