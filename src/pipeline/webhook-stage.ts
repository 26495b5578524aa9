import type { Job } from 'bullmq';
import type { WebhookJobData } from './job-types.js';

/** POSTs one alert; a non-2xx answer throws, and BullMQ retries with backoff. */
export async function processWebhook(job: Job<WebhookJobData>): Promise<string> {
  const response = await fetch(job.data.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(job.data.payload),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`webhook answered ${response.status} ${response.statusText}`);
  return `posted (${response.status})`;
}
