import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import Fastify, { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config-schema.js';
import type { Queues } from '../pipeline/queues.js';
import { slaReportCsv } from '../policy/report/format-sla-report.js';
import type { SlaReport, SlaReportQuery } from '../policy/report/sla-report.js';
import type { CaseStatus, CaseStore } from '../store/case-store.js';
import { MIN_TOKEN_LENGTH, weakTokenReason } from './api-token.js';
import type { DashboardData } from './dashboard/dashboard-data.js';
import { dashboardRoutes } from './dashboard/dashboard-routes.js';
import { authorized } from './http-auth.js';
import type { MailboxHealthRecord } from './mailbox-health.js';
import type { Metrics } from './metrics.js';
import type { ReadinessReport } from './readiness.js';
import { parseSlaReportQuery, ReportQueryError } from './sla-report-query.js';

const STATUSES: CaseStatus[] = ['new', 'acknowledged', 'in-progress', 'waiting', 'resolved', 'closed'];

export interface HttpDeps {
  http: AppConfig['http'];
  /** Redis, IMAP and SMTP as this process uses them; /ready answers 503 when any is down. */
  readiness: () => Promise<ReadinessReport>;
  metrics: Metrics;
  queues: Queues;
  cases: CaseStore;
  logger: Logger;
  /** The API token; without one the case API and the queue board stay closed. */
  apiToken: string | undefined;
  /** Health of every mailbox, as the polling processes published it. */
  mailboxHealth?: () => Promise<MailboxHealthRecord[]>;
  /** SLA attainment from the stored cases (GET /reports/sla). */
  slaReport?: (query: SlaReportQuery) => Promise<SlaReport>;
  /** What GET /dashboard shows, read fresh for each request. */
  dashboard?: () => Promise<DashboardData>;
}

/**
 * Health (process alive), readiness (Redis, IMAP and SMTP answer, within a second), Prometheus metrics, and behind the API
 * token: a small read-only case API, the SLA report, the dashboard and the BullMQ board.
 */
export async function startHttpServer(deps: HttpDeps): Promise<{ close(): Promise<unknown>; port: number }> {
  const { http, readiness, metrics, queues, cases, logger, apiToken } = deps;
  const app = Fastify({
    loggerInstance: logger.child({ role: 'http' }),
    // Probes and scrapes every few seconds would drown the case log.
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    const report = await readiness();
    // Every mailbox's health (published in Redis by whichever process polls it), ready or not.
    const mailboxes = (await deps.mailboxHealth?.().catch(() => [])) ?? [];
    const down = mailboxes.filter((m) => m.downSince).length;
    if (report.ready) return { status: 'ready', checks: report.checks, mailboxes, mailboxesDown: down };
    return reply
      .code(503)
      .send({ status: 'not ready', checks: report.checks, mailboxes, mailboxesDown: down });
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  const weakness = apiToken ? weakTokenReason(apiToken) : null;
  if (weakness !== null && !http.allowWeakToken) {
    throw new Error(
      `the API token in ${http.apiTokenEnv} is refused: ${weakness} (use a random string of at least ${MIN_TOKEN_LENGTH} characters, e.g. openssl rand -hex 32)`,
    );
  }
  if (apiToken === undefined || apiToken === '') {
    logger.warn(
      { env: http.apiTokenEnv },
      'no API token set: case API, SLA report, dashboard and queue board are disabled',
    );
  } else {
    const guard = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
      if (!authorized(req.headers, apiToken)) {
        await reply
          .code(401)
          .header('www-authenticate', 'Basic realm="support-intake"')
          .send({ error: 'unauthorized' });
      }
    };
    await app.register(async (api) => {
      api.addHook('onRequest', guard);
      api.get<{ Params: { id: string } }>('/cases/:id', async (req, reply) => {
        const record = await cases.get(req.params.id);
        if (!record) return reply.code(404).send({ error: `no case ${req.params.id}` });
        return { case: record, history: await cases.history(req.params.id) };
      });
      api.get<{ Querystring: { status?: string; customer?: string } }>('/cases', async (req, reply) => {
        const { status, customer } = req.query;
        if (customer) return { cases: await cases.casesOf(customer.toLowerCase()) };
        if (status && STATUSES.includes(status as CaseStatus))
          return { cases: await cases.withStatus(status as CaseStatus) };
        return reply.code(400).send({ error: `give ?customer=ADDRESS or ?status=${STATUSES.join('|')}` });
      });
      const slaReport = deps.slaReport;
      if (slaReport) {
        api.get<{ Querystring: { from?: string; to?: string; policy?: string; by?: string } }>(
          '/reports/sla',
          async (req, reply) => {
            let query: SlaReportQuery;
            try {
              query = parseSlaReportQuery(req.query);
            } catch (err) {
              if (err instanceof ReportQueryError) return reply.code(400).send({ error: err.message });
              throw err;
            }
            const report = await slaReport(query);
            // Spreadsheets and BI tools ask for CSV; everyone else gets JSON.
            if ((req.headers.accept ?? '').includes('text/csv')) {
              return reply.header('content-type', 'text/csv; charset=utf-8').send(slaReportCsv(report));
            }
            return report;
          },
        );
      }
    });
    if (deps.dashboard) await app.register(dashboardRoutes(apiToken, deps.dashboard));
    const board = new FastifyAdapter();
    // Read-only: adding, retrying or promoting a job would send mail or bypass intake checks.
    createBullBoard({
      queues: Object.values(queues).map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
      serverAdapter: board,
    });
    board.setBasePath('/admin/queues');
    await app.register(async (ui) => {
      ui.addHook('onRequest', guard);
      ui.addHook('onRequest', async (req, reply) => {
        if (!reply.sent && req.method !== 'GET' && req.method !== 'HEAD') {
          await reply.code(405).send({ error: 'the queue board is read-only' });
        }
      });
      await ui.register(board.registerPlugin(), { prefix: '/admin/queues' });
    });
  }

  await app.listen({ host: http.host, port: http.port });
  const address = app.server.address();
  return {
    close: () => app.close(),
    port: typeof address === 'object' && address ? address.port : http.port,
  };
}
