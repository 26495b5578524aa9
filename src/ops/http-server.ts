import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config-schema.js';
import type { Metrics } from './metrics.js';

/** Health (process alive), readiness (Redis answers) and Prometheus metrics. */
export async function startHttpServer(
  http: AppConfig['http'],
  redis: Redis,
  metrics: Metrics,
  logger: Logger,
): Promise<{ close(): Promise<unknown> }> {
  const app = Fastify({ loggerInstance: logger.child({ role: 'http' }), disableRequestLogging: true });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    try {
      await redis.ping();
      return { status: 'ready' };
    } catch (err) {
      return reply
        .code(503)
        .send({ status: 'not ready', redis: err instanceof Error ? err.message : String(err) });
    }
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  await app.listen({ host: http.host, port: http.port });
  return app;
}
