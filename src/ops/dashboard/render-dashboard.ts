import { QUEUE_NAMES } from '../../pipeline/queues.js';
import { QUEUE_STATES } from '../state-gauges.js';
import { attainmentChart } from './attainment-chart.js';
import type { DashboardData, OpenCaseRow } from './dashboard-data.js';
import { Html, html } from './html.js';
import { formatTimeLeft, urgencyOf } from './time-left.js';

const STYLE = new Html(`
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1a1a1a;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.75rem 0 .5rem}
.meta{color:#555;margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.left{white-space:nowrap}
tr.overdue td.left{background:#c62828;color:#fff;font-weight:700}
tr.warning td.left{background:#f9a825;color:#1a1a1a;font-weight:700}
.empty{color:#555;font-style:italic}
.down{color:#c62828;font-weight:700}.up{color:#2e7d32}
.chart{margin:0}.chart svg{max-width:100%;height:auto}.grid{stroke:#e0e0e0}.axis{font-size:11px;fill:#555}
.legend{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
`);

const when = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function openCaseRow(c: OpenCaseRow, now: Date): Html {
  const urgency = urgencyOf(c.due, c.warnAt, now);
  const left = c.due === null ? '—' : formatTimeLeft(c.due, now);
  const label = urgency === 'overdue' ? ' (past due)' : urgency === 'warning' ? ' (warning)' : '';
  return html`<tr class="${urgency}" data-case="${c.id}">
<td><a href="/cases/${encodeURIComponent(c.id)}">${c.id}</a></td>
<td class="left num">${left}${label}</td>
<td>${c.nextTarget ?? 'no running target'}${c.due ? html`<br><small>${when(c.due)}</small>` : null}</td>
<td>${c.customer}</td><td>${c.policy}</td><td>${c.severity}</td><td>${c.status}</td><td>${c.subject}</td>
</tr>`;
}

function openCasesSection(d: DashboardData): Html {
  if (d.openCases.length === 0) return html`<p class="empty">No open cases.</p>`;
  return html`<table id="open-cases">
<thead><tr><th>Case</th><th class="num">Time left</th><th>Next target</th><th>Customer</th><th>Policy</th><th>Severity</th><th>Status</th><th>Subject</th></tr></thead>
<tbody>${d.openCases.map((c) => openCaseRow(c, d.now))}</tbody>
</table>${d.openCasesTruncated ? html`<p class="meta">Only the ${d.openCases.length} due soonest are listed.</p>` : null}`;
}

function breachesSection(d: DashboardData): Html {
  const rows = d.breachesThisMonth;
  if (rows.length === 0) return html`<p class="empty">No breaches since ${when(d.monthStart)}.</p>`;
  return html`<table id="breaches">
<thead><tr><th>Breached</th><th>Case</th><th>Target</th><th>Customer</th><th>Policy</th></tr></thead>
<tbody>${rows.map(
    (b) =>
      html`<tr><td>${when(b.breachedAt)}</td><td><a href="/cases/${encodeURIComponent(b.caseId)}">${b.caseId}</a></td><td>${b.target}</td><td>${b.customer}</td><td>${b.policy}</td></tr>`,
  )}</tbody>
</table>`;
}

function queuesSection(d: DashboardData): Html {
  if (d.queues === null) return html`<p class="down">Queue counts could not be read (Redis).</p>`;
  const counts = d.queues;
  return html`<table id="queues">
<thead><tr><th>Queue</th>${QUEUE_STATES.map((s) => html`<th class="num">${s}</th>`)}</tr></thead>
<tbody>${QUEUE_NAMES.map(
    (q) =>
      html`<tr><td>${q}</td>${QUEUE_STATES.map((s) => html`<td class="num">${counts[q]?.[s] ?? 0}</td>`)}</tr>`,
  )}</tbody>
</table><p class="meta"><a href="/admin/queues">Queue board</a></p>`;
}

function mailboxesSection(d: DashboardData): Html {
  if (d.mailboxes === null) return html`<p class="down">Mailbox states could not be read (Redis).</p>`;
  if (d.mailboxes.length === 0) return html`<p class="empty">No mailbox has reported yet.</p>`;
  return html`<table id="mailboxes">
<thead><tr><th>Mailbox</th><th>State</th><th>Last fetch</th><th>Last error</th></tr></thead>
<tbody>${d.mailboxes.map(
    (m) =>
      html`<tr><td>${m.mailbox}</td><td>${
        m.downSince
          ? html`<span class="down">down since ${when(new Date(m.downSince))}</span>`
          : m.connected
            ? html`<span class="up">connected</span>`
            : 'disconnected'
      }</td><td>${m.lastFetchAt ? when(new Date(m.lastFetchAt)) : '—'}</td><td>${m.lastError ?? ''}</td></tr>`,
  )}</tbody>
</table>`;
}

/** The whole page; refreshes itself every minute without any script. */
export function renderDashboard(d: DashboardData): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60"><title>Support intake — dashboard</title><style>${STYLE}</style></head>
<body>
<h1>Support intake</h1><p class="meta">As of ${when(d.now)}; refreshes every minute.</p>
<h2>Open cases by next due time (${d.openCases.length})</h2>${openCasesSection(d)}
<h2>Breaches this month (${d.breachesThisMonth.length})</h2>${breachesSection(d)}
<h2>First-response attainment, last 12 weeks</h2>${attainmentChart(d.attainment)}
<h2>Queues</h2>${queuesSection(d)}
<h2>Mailboxes</h2>${mailboxesSection(d)}
</body></html>
`.text;
}

/** What a browser without the token sees: a form that posts the token once and gets a cookie. */
export function renderSignIn(failed: boolean): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Support intake — sign in</title><style>${STYLE}</style></head>
<body><h1>Support intake</h1>
${failed ? html`<p class="down">That token is not the API token.</p>` : null}
<form method="post" action="/dashboard/sign-in">
<label>API token <input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">Open the dashboard</button>
</form></body></html>
`.text;
}
