import { describe, expect, it } from 'vitest';
import { appConfigSchema } from '../../../src/config/app-config-schema.js';
import { retentionCutoffs } from '../../../src/store/retention.js';

const settings = {
  mailLogDays: 400,
  sentOutboxDays: 90,
  closedIntakeDays: 30,
  batchRows: 1000,
  intervalMinutes: 60,
};
const NOW = new Date('2026-12-02T10:00:00.000Z');

describe('retention cutoffs', () => {
  it('are now minus each period in whole days', () => {
    const cutoffs = retentionCutoffs(settings, NOW);
    expect(cutoffs.mailLogBefore?.toISOString()).toBe('2025-10-28T10:00:00.000Z');
    expect(cutoffs.sentOutboxBefore?.toISOString()).toBe('2026-09-03T10:00:00.000Z');
    expect(cutoffs.closedIntakeBefore?.getTime()).toBe(NOW.getTime() - 30 * 24 * 3600_000);
  });

  it('keep rows forever for 0 days', () => {
    expect(
      retentionCutoffs({ ...settings, mailLogDays: 0, sentOutboxDays: 0, closedIntakeDays: 0 }, NOW),
    ).toEqual({ mailLogBefore: undefined, sentOutboxBefore: undefined, closedIntakeBefore: undefined });
  });

  it('refuse sent outbox periods a retried failed job could outlive', () => {
    const retention = appConfigSchema.shape.retention;
    expect(retention.safeParse({ ...settings, sentOutboxDays: 30 }).success).toBe(false);
    expect(retention.safeParse({ ...settings, sentOutboxDays: 31 }).success).toBe(true);
    expect(retention.safeParse({ ...settings, sentOutboxDays: 0 }).success).toBe(true);
  });
});
