import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors/index.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { conversationsTransaction } from '../record-changes.js';
import { businessHoursProblem } from './business-time.js';
import type { BusinessHours, SlaPolicy } from './sla-state.js';

export interface SlaPolicyInput {
  readonly name: string;
  readonly firstResponseMs: number;
  readonly resolutionMs: number;
  readonly warnBeforeMs: number;
  /** null: the clock runs 24/7. */
  readonly businessHours: BusinessHours | null;
}

const MAX_TARGET_MS = 90 * 86_400_000;

export async function listSlaPolicies(deps: ConversationsDeps): Promise<SlaPolicy[]> {
  const rows = await deps.db.selectFrom('conv_sla_policies').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    firstResponseMs: Number(r.first_response_ms),
    resolutionMs: Number(r.resolution_ms),
    warnBeforeMs: Number(r.warn_before_ms),
    businessHours: r.business_hours === null ? null : (JSON.parse(r.business_hours) as BusinessHours),
  }));
}

/** Creates (id null) or replaces an SLA policy; conversations already open keep the due times they got. */
export async function saveSlaPolicy(deps: ConversationsDeps, caller: StaffCaller, id: string | null, input: SlaPolicyInput): Promise<SlaPolicy> {
  const checked = checkPolicy(input);
  const now = deps.now();
  const policyId = id ?? randomUUID();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    const columns = {
      name: checked.name,
      first_response_ms: checked.firstResponseMs,
      resolution_ms: checked.resolutionMs,
      warn_before_ms: checked.warnBeforeMs,
      business_hours: checked.businessHours === null ? null : JSON.stringify(checked.businessHours),
      updated_at: now,
    };
    if (id === null) {
      await trx.insertInto('conv_sla_policies').values({ id: policyId, ...columns, created_at: now }).execute();
    } else {
      const updated = await trx.updateTable('conv_sla_policies').set(columns).where('id', '=', id).executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw new AppError('ERR_SLA_POLICY_NOT_FOUND');
    }
    changes.audit({ event: 'sla.policy-changed', target: { type: 'sla-policy', id: policyId }, details: { slaPolicyId: policyId, change: id === null ? 'created' : 'updated' } });
    return { id: policyId, ...checked };
  });
}

function checkPolicy(input: SlaPolicyInput): SlaPolicyInput {
  const problems: { field: string; problem: string }[] = [];
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) problems.push({ field: 'body.name', problem: 'must be 1 to 200 characters' });
  for (const [field, value] of [['firstResponseMs', input.firstResponseMs], ['resolutionMs', input.resolutionMs]] as const) {
    if (!Number.isInteger(value) || value < 60_000 || value > MAX_TARGET_MS) problems.push({ field: `body.${field}`, problem: 'must be from one minute to 90 days (ms)' });
  }
  if (input.resolutionMs < input.firstResponseMs) problems.push({ field: 'body.resolutionMs', problem: 'cannot come before the first response' });
  if (!Number.isInteger(input.warnBeforeMs) || input.warnBeforeMs < 0 || input.warnBeforeMs >= input.firstResponseMs) problems.push({ field: 'body.warnBeforeMs', problem: 'must be 0 or more and less than the first-response target' });
  const hoursProblem = input.businessHours === null ? undefined : businessHoursProblem(input.businessHours);
  if (hoursProblem !== undefined) problems.push({ field: 'body.businessHours', problem: hoursProblem });
  if (problems.length > 0) throw new AppError('ERR_SLA_POLICY_INVALID', problems);
  return { ...input, name };
}
