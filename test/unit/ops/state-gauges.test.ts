import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerStateGauges } from '../../../src/ops/state-gauges.js';
import type { Queues } from '../../../src/pipeline/queues.js';
import type { CaseRecord, CaseStatus } from '../../../src/store/case-store.js';

const NOW = new Date('2026-11-24T12:00:00Z');

function store(cases: Pick<CaseRecord, 'id' | 'policy' | 'status' | 'createdAt'>[]) {
  let reads = 0;
  return {
    reads: () => reads,
    source: {
      async withStatus(status: CaseStatus) {
        reads++;
        return cases.filter((c) => c.status === status).map((c) => c.id);
      },
      async get(id: string) {
        return cases.find((c) => c.id === id) as CaseRecord | undefined;
      },
    },
  };
}

async function values(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return Object.fromEntries((metric?.values ?? []).map((v) => [Object.values(v.labels).join('/'), v.value]));
}

describe('state gauges', () => {
  const cases = [
    { id: 'NETOP-1', policy: 'netop', status: 'acknowledged', createdAt: '2026-11-24T10:00:00Z' },
    { id: 'NETOP-2', policy: 'netop', status: 'new', createdAt: '2026-11-24T11:00:00Z' },
    { id: 'NETOP-3', policy: 'netop', status: 'in-progress', createdAt: '2026-11-20T09:00:00Z' },
    { id: 'FNM-1', policy: 'fastnetmon', status: 'waiting', createdAt: '2026-11-23T09:00:00Z' },
    { id: 'FNM-2', policy: 'fastnetmon', status: 'resolved', createdAt: '2026-11-23T09:00:00Z' },
  ] as const;

  it('counts open cases by policy and status, with a zero series for every empty pair', async () => {
    const registry = new Registry();
    const s = store([...cases]);
    registerStateGauges({
      registry,
      queues: {} as Queues,
      cases: s.source,
      policyIds: ['netop', 'fastnetmon'],
      now: () => NOW,
    });
    const open = await values(registry, 'support_intake_open_cases');
    expect(open).toEqual({
      'netop/new': 1,
      'netop/acknowledged': 1,
      'netop/in-progress': 1,
      'netop/waiting': 0,
      'fastnetmon/new': 0,
      'fastnetmon/acknowledged': 0,
      'fastnetmon/in-progress': 0,
      'fastnetmon/waiting': 1,
    });
  });

  it('gives the age of the oldest case no one answered, 0 for a policy without one', async () => {
    const registry = new Registry();
    registerStateGauges({
      registry,
      queues: {} as Queues,
      cases: store([...cases]).source,
      policyIds: ['netop', 'fastnetmon'],
      now: () => NOW,
    });
    expect(await values(registry, 'support_intake_oldest_unanswered_case_age_seconds')).toEqual({
      netop: 7200,
      fastnetmon: 0,
    });
  });

  it('reads the store once for both case gauges of one scrape', async () => {
    const registry = new Registry();
    const s = store([...cases]);
    registerStateGauges({
      registry,
      queues: {} as Queues,
      cases: s.source,
      policyIds: ['netop'],
      now: () => NOW,
    });
    await registry.metrics();
    expect(s.reads()).toBe(4); // one withStatus per open status
  });

  it('leaves a gauge out of the scrape and counts the error when the store fails or hangs', async () => {
    const registry = new Registry();
    const failures: string[] = [];
    registerStateGauges({
      registry,
      queues: {} as Queues,
      cases: {
        withStatus: (status) =>
          status === 'new' ? Promise.reject(new Error('store down')) : new Promise(() => {}),
        get: async () => undefined,
      },
      policyIds: ['netop'],
      now: () => NOW,
      readTimeoutMs: 50,
      onReadError: (gauge) => failures.push(gauge),
    });
    const text = await registry.metrics();
    expect(text).not.toMatch(/^support_intake_open_cases\{/m);
    // The error counter is written out before the gauges are read: it shows on the next scrape.
    expect(await registry.metrics()).toMatch(
      /^support_intake_state_read_errors_total\{gauge="support_intake_open_cases"\} 1$/m,
    );
    expect(failures.slice(0, 2)).toEqual([
      'support_intake_open_cases',
      'support_intake_oldest_unanswered_case_age_seconds',
    ]);
  });
});
