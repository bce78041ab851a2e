import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import type { Db } from '../../platform/db/index.js';
import { defaultMaskingPolicy } from '../detection/index.js';
import { effectivePolicy, inboxPolicy } from './effective-policy.js';
import { applyOverrides, entityTypes, fixedActions, policyProblems } from './policy-rules.js';

const t0 = Date.UTC(2026, 2, 2, 9, 0, 0);

describe('policy rules', () => {
  it('knows every entity type of the engine', () => {
    expect([...entityTypes].sort()).toEqual(Object.keys(defaultMaskingPolicy).sort());
  });

  it('never lets card data or credentials be kept or vaulted', () => {
    for (const type of ['card', 'cvv', 'card-expiry', 'credential'] as const) {
      expect(fixedActions[type]).toBe('discard');
      for (const action of ['keep', 'vault'] as const) {
        expect(policyProblems({ [type]: action }).map((p) => p.entityType)).toEqual([type]);
        expect(applyOverrides({ [type]: action })[type]).toBe('discard');
      }
      expect(policyProblems({ [type]: 'discard' })).toEqual([]);
    }
  });

  it('lets every other type take any action', () => {
    for (const type of entityTypes.filter((t) => fixedActions[t] === undefined)) {
      for (const action of ['keep', 'vault', 'discard'] as const) {
        expect(policyProblems({ [type]: action })).toEqual([]);
        expect(applyOverrides({ [type]: action })[type]).toBe(action);
      }
    }
  });
});

describeEachDatabase('effectivePolicy', (fixture) => {
  const db = (): Db => fixture().handle.db;

  it('is the default for an inbox that chose nothing', async () => {
    expect(await effectivePolicy(db(), 'inbox-a')).toEqual(defaultMaskingPolicy);
    expect(await inboxPolicy(db(), 'inbox-a')).toMatchObject({ overrides: {}, updatedAt: null, updatedBy: null });
  });

  it("applies the inbox's own rows, and only the inbox's", async () => {
    await db()
      .insertInto('privacy_policies')
      .values([
        { inbox_id: 'inbox-a', entity_type: 'email', action: 'keep', updated_at: t0, updated_by: 'u-1' },
        { inbox_id: 'inbox-a', entity_type: 'health', action: 'discard', updated_at: t0 + 5, updated_by: 'u-2' },
        { inbox_id: 'inbox-b', entity_type: 'phone', action: 'keep', updated_at: t0, updated_by: 'u-1' },
      ])
      .execute();
    const policy = await inboxPolicy(db(), 'inbox-a');
    expect(policy.policy).toEqual({ ...defaultMaskingPolicy, email: 'keep', health: 'discard' });
    expect(policy.overrides).toEqual({ email: 'keep', health: 'discard' });
    expect(policy).toMatchObject({ updatedAt: t0 + 5, updatedBy: 'u-2' });
  });

  it('ignores a stored row that would keep card numbers (written past the use case) and one of an unknown type', async () => {
    await db()
      .insertInto('privacy_policies')
      .values([
        { inbox_id: 'inbox-a', entity_type: 'card', action: 'keep', updated_at: t0, updated_by: 'intruder' },
        { inbox_id: 'inbox-a', entity_type: 'shoe-size', action: 'keep', updated_at: t0, updated_by: 'u-1' },
      ])
      .execute();
    expect(await effectivePolicy(db(), 'inbox-a')).toEqual(defaultMaskingPolicy);
  });

  it('refuses an action the table does not know', async () => {
    const insert = db()
      .insertInto('privacy_policies')
      .values({ inbox_id: 'inbox-a', entity_type: 'email', action: 'publish' as 'keep', updated_at: t0, updated_by: 'u-1' })
      .execute();
    await expect(insert).rejects.toThrow();
  });
});
