import type { Db } from '../../platform/db/index.js';

/** Kysely queries for teams and their members. */

export async function insertTeam(db: Db, team: { id: string; name: string; now: number }): Promise<void> {
  await db.insertInto('identity_teams').values({ id: team.id, name: team.name, created_at: team.now }).execute();
}

export async function teamById(db: Db, id: string) {
  return db.selectFrom('identity_teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function teamNameTaken(db: Db, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('identity_teams')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

export async function listTeams(db: Db) {
  const teams = await db.selectFrom('identity_teams').selectAll().orderBy('name').execute();
  const members = await db.selectFrom('identity_team_members').select(['team_id', 'user_id']).execute();
  return teams.map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at, members: members.filter((m) => m.team_id === t.id).map((m) => m.user_id) }));
}

export async function addTeamMember(db: Db, teamId: string, userId: string, now: number): Promise<boolean> {
  const result = await db
    .insertInto('identity_team_members')
    .values({ team_id: teamId, user_id: userId, added_at: now })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}

export async function removeTeamMember(db: Db, teamId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('identity_team_members').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export async function teamsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('identity_team_members').select('team_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.team_id);
}
