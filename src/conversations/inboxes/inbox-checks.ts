import { teamById } from '../../identity/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';

const MAX_NAME_CHARS = 200;

export function checkInboxName(name: string): string {
  const trimmed = name.trim();
  // Guard: a blank name cannot be told apart in the inbox list.
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_CHARS) throw new AppError('ERR_INBOX_INVALID', [{ field: 'name', problem: `must be 1 to ${MAX_NAME_CHARS} characters` }]);
  return trimmed;
}

export async function checkTeam(db: Db, teamId: string | null): Promise<void> {
  // Guard: an inbox of a team that does not exist would be reachable by nobody's team grant.
  if (teamId !== null && (await teamById(db, teamId)) === undefined) throw new AppError('ERR_TEAM_NOT_FOUND');
}
