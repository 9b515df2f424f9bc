import { AppError, type ImportPlan } from '@intake/contracts';

/** The most a stored plan may take (as JSON): a job's every answer carries it, and an answer over NATS is capped below 1 MB. */
export const MAX_PLAN_BYTES = 256 * 1024;

/**
 * The plan as stored: columns left out (null) are dropped, as is the mapping of a sheet left out
 * (absent and null say the same), so a wide file's plan is as small as what it imports. A plan
 * still over the cap is refused, saying so.
 */
export function compactPlan(plan: ImportPlan): ImportPlan {
  const sheets = plan.sheets.map((s) => ({
    ...s,
    mapping: s.collection === null ? {} : Object.fromEntries(Object.entries(s.mapping).filter(([, field]) => field !== null)),
  }));
  const compact = { ...plan, sheets };
  const bytes = Buffer.byteLength(JSON.stringify(compact));
  if (bytes > MAX_PLAN_BYTES) {
    throw new AppError('VALIDATION_FAILED', `The plan takes ${Math.ceil(bytes / 1024)} KB once its unmapped columns are left out; at most ${MAX_PLAN_BYTES / 1024} KB: import fewer columns or sheets at a time`);
  }
  return compact;
}
