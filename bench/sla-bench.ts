// Due-time throughput: computeTargets over a mix of every policy, plan and severity shipped in
// config/policies, for start instants spread over two years (all DST switches, weekends, nights).
// Run with `npm run bench:sla`. Goal: ≥ 200,000 computations per second on one core.
import { fileURLToPath } from 'node:url';
import { loadPolicies } from '../src/config/load-policies.js';
import { computeTargets, type Pause } from '../src/policy/sla.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const STARTS = 10_000;

const policies = loadPolicies(fileURLToPath(new URL('../config/policies', import.meta.url)));
const mix = [...policies.values()].flatMap((policy) =>
  policy.plans.flatMap((plan) =>
    policy.severities.map((severity) => ({ policy, plan: plan.id, severity: severity.id })),
  ),
);

// Deterministic pseudo-random start instants (xorshift), so runs are comparable.
let seed = 0x2545f491;
const random = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
};
const from = Date.parse('2026-01-01T00:00:00Z');
const span = Date.parse('2028-01-01T00:00:00Z') - from;
const starts = Array.from({ length: STARTS }, () => new Date(from + Math.floor(random() * span)));
// One case in eight has been waiting on the customer once.
const pausesFor = (start: Date, i: number): Pause[] =>
  i % 8 === 0
    ? [{ from: new Date(start.getTime() + 3_600_000), to: new Date(start.getTime() + 26 * 3_600_000) }]
    : [];

function run(limitMs: number): { computations: number; targets: number; elapsedMs: number } {
  let computations = 0;
  let targets = 0;
  const began = performance.now();
  let now = began;
  let i = 0;
  while (now - began < limitMs) {
    for (let k = 0; k < 1000; k++, i++) {
      const c = mix[i % mix.length]!;
      const start = starts[i % STARTS]!;
      targets += computeTargets(c.policy, c.plan, c.severity, start, pausesFor(start, i)).length;
      computations++;
    }
    now = performance.now();
  }
  return { computations, targets, elapsedMs: now - began };
}

run(500); // warm-up: JIT and calendar caches
const result = run(SECONDS * 1000);
const perSecond = (n: number): string => Math.round((n / result.elapsedMs) * 1000).toLocaleString('en-US');
const heapMb = (process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1);
console.log(`policy/plan/severity mix: ${mix.length} combinations, ${STARTS} start instants, ${SECONDS}s`);
console.log(`computeTargets calls:  ${perSecond(result.computations)} /s`);
console.log(`target due times:      ${perSecond(result.targets)} /s (each with its warning instant)`);
console.log(`heap used:             ${heapMb} MB`);
