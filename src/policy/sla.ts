// Public API of the SLA half of the policy core: due times, warnings, pauses, re-targeting,
// plan snapshots and explanations. Pure: the clock is always an argument.

export { TARGET_NAMES, type TargetName } from './plan-schema.js';
export {
  computeTargets,
  type PausedTargetDue,
  type RunningTargetDue,
  retargetCase,
  type TargetDue,
} from './sla/compute-targets.js';
export { type ExplainedTarget, explainTargets } from './sla/explain.js';
export { isoInZone } from './sla/format-time.js';
export type { Pause } from './sla/pauses.js';
export { isPlanSnapshot, type PlanSnapshot, planSnapshotSchema, snapshotPlan } from './sla/plan-snapshot.js';
export { UnknownIdError } from './sla/unknown-id-error.js';
