import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, type Caller } from '../record-events.js';
import { userById } from '../users/users.store.js';
import { addTeamMember, insertTeam, removeTeamMember, teamById, teamNameTaken } from './teams.store.js';

export async function createTeam(deps: IdentityDeps, caller: Caller, input: { readonly name: string }): Promise<{ readonly teamId: string }> {
  const name = input.name.trim();
  if (name === '' || name.length > 100) throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'name', problem: 'must be 1 to 100 characters' }]);
  return identityTransaction(deps, caller, async (trx, record) => {
    if (await teamNameTaken(trx, name)) throw new AppError('ERR_TEAM_NAME_TAKEN');
    const teamId = randomUUID();
    await insertTeam(trx, { id: teamId, name, now: deps.now() });
    record({ event: 'identity.team.created', target: { type: 'team', id: teamId }, outcome: 'success', details: { teamId } });
    return { teamId };
  });
}

export async function setTeamMembership(deps: IdentityDeps, caller: Caller, input: { readonly teamId: string; readonly userId: string; readonly member: 'add' | 'remove' }): Promise<void> {
  await identityTransaction(deps, caller, async (trx, record) => {
    if (!(await teamById(trx, input.teamId))) throw new AppError('ERR_TEAM_NOT_FOUND');
    if (!(await userById(trx, input.userId))) throw new AppError('ERR_USER_NOT_FOUND');
    const changed = input.member === 'add' ? await addTeamMember(trx, input.teamId, input.userId, deps.now()) : await removeTeamMember(trx, input.teamId, input.userId);
    if (!changed) return;
    record({
      event: input.member === 'add' ? 'identity.team.member-added' : 'identity.team.member-removed',
      target: { type: 'team', id: input.teamId },
      outcome: 'success',
      details: { teamId: input.teamId, userId: input.userId },
    });
  });
}
