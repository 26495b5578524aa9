import type { Services } from '../services.js';
import type { QueueName } from './queues.js';

/**
 * Runs one stage's work under `support_intake_stage_duration_seconds{queue}`, labelled `ok` or
 * `error`: a job of its queue, or the same stage done inside another job (triage in ingest, a
 * new case's mails in triage).
 */
export async function timedStage<T>(s: Services, queue: QueueName, work: () => Promise<T>): Promise<T> {
  const stop = s.metrics.stageDuration.startTimer({ queue });
  try {
    const result = await work();
    stop({ result: 'ok' });
    return result;
  } catch (err) {
    stop({ result: 'error' });
    throw err;
  }
}
