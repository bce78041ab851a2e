import { describe, expect, it } from 'vitest';
import { parseEntry } from '../../audit/entry.js';
import { databaseKinds } from '../../../test/harness/databases.js';
import { addStaffMember, Browser, expectStatus, json, setUpFirstAdministrator, signIn, stepUp, type IdentityFixture, type StaffMember } from '../../../test/harness/identity.js';
import { useIdentityApp } from '../../../test/harness/identity-app.js';
import { identityDepsOf } from '../identity-deps.js';
import { pruneExpiredSignIns } from '../prune-expired-sign-ins.js';
import { DAY_MS } from './access-review-policy.js';
import { closeDueAccessReviews, startDueAccessReview } from './run-due-access-reviews.js';
import { insertReview } from './reviews.store.js';

interface MyItem {
  id: string;
  reviewId: string;
  escalation: boolean;
  user: { id: string };
  grantId: string;
  roleId: string;
  inactive: boolean;
}
interface ReportItem {
  itemId: string;
  userId: string;
  grantId: string;
  roleId: string;
  reviewerId: string | null;
  inactive: boolean;
  decision: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}
interface Report {
  status: string;
  counts: Record<string, number>;
  items: ReportItem[];
  inactiveAccounts: { userId: string }[];
  closedBy: string | null;
}

/**
 * Two teams, each with a supervisor (granted through the API with step-up) and members:
 * - team A: supervisor `supA` (also a member of A), agent `agentA`, security officer `watcher`
 *   (whose users.read shows whether a revoke took effect);
 * - team B: supervisor `supB`, agent `agentB`.
 */
async function twoTeams(f: IdentityFixture) {
  const { env, app, clock } = f;
  const admin = await setUpFirstAdministrator(env, app, clock);
  const teamA = json<{ id: string }>(await admin.browser.post('/api/v1/teams', { name: 'Team A' })).id;
  const teamB = json<{ id: string }>(await admin.browser.post('/api/v1/teams', { name: 'Team B' })).id;
  const supA = await addStaffMember(admin.browser, clock, { email: 'sup-a@bolwerk.test' });
  const supB = await addStaffMember(admin.browser, clock, { email: 'sup-b@bolwerk.test' });
  await stepUp(admin, admin.browser, clock);
  for (const [sup, team] of [
    [supA, teamA],
    [supB, teamB],
  ] as const) {
    expectStatus(await admin.browser.post('/api/v1/grants', { userId: sup.userId, roleId: 'supervisor', scope: { type: 'team', id: team } }), 201);
  }
  const agentA = await addStaffMember(admin.browser, clock, { email: 'agent-a@bolwerk.test', roleId: 'agent', scope: { type: 'team', id: teamA } });
  const watcher = await addStaffMember(admin.browser, clock, { email: 'watcher@bolwerk.test', roleId: 'security-officer', scope: { type: 'all', id: null } });
  const agentB = await addStaffMember(admin.browser, clock, { email: 'agent-b@bolwerk.test', roleId: 'agent', scope: { type: 'team', id: teamB } });
  for (const [team, member] of [
    [teamA, supA],
    [teamA, agentA],
    [teamA, watcher],
    [teamB, agentB],
  ] as const) {
    expectStatus(await admin.browser.request({ method: 'PUT', url: `/api/v1/teams/${team}/members/${member.userId}` }), 204);
  }
  // Granting ended the supervisors' sessions (roles changed): they sign in afresh.
  const supABrowser = await signIn(supA, app, f.origin, clock);
  const supBBrowser = await signIn(supB, app, f.origin, clock);
  return { admin, teamA, teamB, supA: { ...supA, browser: supABrowser }, supB: { ...supB, browser: supBBrowser }, agentA, watcher, agentB };
}

async function startReview(admin: Browser, body: object = {}): Promise<string> {
  const started = await admin.post('/api/v1/access-reviews', body);
  expectStatus(started, 201);
  return json<{ id: string }>(started).id;
}

async function myItems(browser: Browser): Promise<MyItem[]> {
  const mine = await browser.get('/api/v1/access-reviews/mine');
  expectStatus(mine, 200);
  return json<{ items: MyItem[] }>(mine).items;
}

async function report(browser: Browser, reviewId: string): Promise<Report> {
  const response = await browser.get(`/api/v1/access-reviews/${reviewId}/report`);
  expectStatus(response, 200);
  return json<Report>(response);
}

async function grantsOf(admin: Browser, userId: string): Promise<{ id: string; roleId: string }[]> {
  const users = json<{ users: { id: string; grants: { id: string; roleId: string }[] }[] }>(await admin.get('/api/v1/users')).users;
  return users.find((u) => u.id === userId)?.grants ?? [];
}

function decide(member: { browser: Browser }, item: { reviewId: string; id: string }, decision: 'certify' | 'revoke', note?: string) {
  return member.browser.post(`/api/v1/access-reviews/${item.reviewId}/items/${item.id}/decision`, note === undefined ? { decision } : { decision, note });
}

async function auditActions(f: IdentityFixture, action: string): Promise<{ actorId: string | null; targetId: string | null }[]> {
  const rows = await f.env.runtime.database.db.selectFrom('audit_entries').select('entry').orderBy('seq').execute();
  return rows.map((r) => parseEntry(r.entry)).filter((e) => e.action === action);
}

async function freshAdmin(f: IdentityFixture, admin: StaffMember): Promise<Browser> {
  const browser = await signIn(admin, f.app, f.origin, f.clock);
  await stepUp(admin, browser, f.clock);
  return browser;
}

describe.each(databaseKinds)('access reviews (%s)', (kind) => {
  describe('with the default settings (unanswered: escalate)', () => {
    const fixture = useIdentityApp(kind);

    it('gives each supervisor exactly their own team members’ grants, and nobody their own access', async () => {
      const f = fixture();
      const { admin, supA, supB, agentA, watcher, agentB } = await twoTeams(f);
      const reviewId = await startReview(admin.browser);

      const ofA = await myItems(supA.browser);
      expect(new Set(ofA.map((i) => i.user.id))).toEqual(new Set([agentA.userId, watcher.userId]));
      expect(ofA.map((i) => i.grantId).sort()).toEqual([...(await grantsOf(admin.browser, agentA.userId)), ...(await grantsOf(admin.browser, watcher.userId))].map((g) => g.id).sort());
      expect(ofA.every((i) => !i.escalation && i.reviewId === reviewId)).toBe(true);
      expect((await myItems(supB.browser)).map((i) => i.user.id)).toEqual([agentB.userId]);

      // The supervisors' own grants go to the escalation reviewers (administrators), never to a peer.
      const ofAdmin = await myItems(admin.browser);
      expect(new Set(ofAdmin.map((i) => i.user.id))).toEqual(new Set([supA.userId, supB.userId]));
      expect(ofAdmin.every((i) => i.escalation)).toBe(true);

      const evidence = await report(admin.browser, reviewId);
      expect(evidence.status).toBe('open');
      // One item per grant: the administrator's own, two supervisor grants, three members' grants.
      expect(evidence.counts.items).toBe(6);
      expect(evidence.items.every((i) => i.reviewerId !== i.userId)).toBe(true);
      const ownItem = evidence.items.find((i) => i.userId === admin.userId);
      expect(ownItem).toMatchObject({ reviewerId: null, roleId: 'administrator' });
      // …and the administrator cannot decide it, though it is an escalation item.
      expectStatus(await decide(admin, { reviewId, id: ownItem?.itemId ?? '' }, 'certify'), 404);
    });

    it('a revoke takes effect at once: the user’s sessions end and, signed in again, they lack the access', async () => {
      const f = fixture();
      const { admin, supA, watcher } = await twoTeams(f);
      await startReview(admin.browser);
      expectStatus(await watcher.browser.get('/api/v1/users'), 200);
      const item = (await myItems(supA.browser)).find((i) => i.user.id === watcher.userId);
      if (!item) return expect.fail('the watcher’s grant is not on their supervisor’s list');

      // A decision changes access: without a recent second factor (the sign-in's is 6 minutes old) it is refused.
      f.clock.advance(6 * 60_000);
      const stale = await decide(supA, item, 'revoke');
      expectStatus(stale, 403);
      expect(json<{ error: { code: string } }>(stale).error.code).toBe('ERR_STEP_UP_REQUIRED');
      await stepUp(supA, supA.browser, f.clock);
      expectStatus(await decide(supA, item, 'revoke', 'moved to another department'), 204);

      expectStatus(await watcher.browser.get('/api/v1/users'), 401);
      const again = await signIn(watcher, f.app, f.origin, f.clock);
      const refused = await again.get('/api/v1/users');
      expectStatus(refused, 403);
      expect(json<{ error: { code: string } }>(refused).error.code).toBe('ERR_ACCESS_DENIED');
      // Decided once: a second answer is refused rather than overwriting the first.
      expectStatus(await decide(supA, item, 'certify'), 409);
    });

    it('a supervisor cannot decide another team’s item, nor anyone their own: 404, as if it did not exist', async () => {
      const f = fixture();
      const { admin, supA, supB } = await twoTeams(f);
      const reviewId = await startReview(admin.browser);
      const [itemOfA] = await myItems(supA.browser);
      if (!itemOfA) return expect.fail('supervisor A has nothing to review');
      await stepUp(supB, supB.browser, f.clock);
      const foreign = await decide(supB, itemOfA, 'revoke');
      expectStatus(foreign, 404);
      expect(json<{ error: { code: string } }>(foreign).error.code).toBe('ERR_ACCESS_REVIEW_NOT_FOUND');
      const ownOfB = (await report(admin.browser, reviewId)).items.find((i) => i.userId === supB.userId);
      expectStatus(await decide(supB, { reviewId, id: ownOfB?.itemId ?? '' }, 'certify'), 404);
      expectStatus(await decide(supB, { reviewId, id: 'no-such-item' }, 'certify'), 404);
      // Nothing changed: the item is still waiting for its own reviewer.
      expect((await report(admin.browser, reviewId)).items.find((i) => i.itemId === itemOfA.id)?.decision).toBeNull();
    });

    it('at the deadline, unanswered items are escalated, not revoked, and the evidence is kept', async () => {
      const f = fixture();
      const { admin, supA, agentA, watcher } = await twoTeams(f);
      const reviewId = await startReview(admin.browser, { deadlineDays: 7 });
      expectStatus(await admin.browser.post('/api/v1/access-reviews', {}), 409);
      const item = (await myItems(supA.browser)).find((i) => i.user.id === agentA.userId);
      if (!item) return expect.fail('agent A is not on their supervisor’s list');
      await stepUp(supA, supA.browser, f.clock);
      expectStatus(await decide(supA, item, 'certify', 'still on the team'), 204);

      const deps = identityDepsOf(f.env.runtime, f.clock.now);
      expect(await closeDueAccessReviews(deps)).toEqual([]);
      f.clock.advance(7 * DAY_MS);
      expect(await closeDueAccessReviews(deps)).toEqual([reviewId]);

      const adminBrowser = await freshAdmin(f, admin);
      expect((await grantsOf(adminBrowser, watcher.userId)).map((g) => g.roleId)).toEqual(['security-officer']);
      const evidence = await report(adminBrowser, reviewId);
      expect(evidence).toMatchObject({ status: 'closed', closedBy: 'system', counts: { items: 6, certified: 1, revoked: 0, autoRevoked: 0, escalated: 5, undecided: 0 } });
      expect(evidence.items.find((i) => i.itemId === item.id)).toMatchObject({ decision: 'certified', decidedBy: supA.userId, note: 'still on the team' });
      expect(evidence.items.find((i) => i.userId === watcher.userId)).toMatchObject({ decision: 'escalated', decidedBy: 'system' });

      // Every decision is an audit entry: the reviewer's and each one the close made.
      const decided = await auditActions(f, 'identity.access-review.decided');
      expect(decided).toHaveLength(6);
      expect(decided.filter((e) => e.actorId === supA.userId)).toHaveLength(1);
      expect(await auditActions(f, 'identity.access-review.closed')).toHaveLength(1);

      // A closed review is evidence: it takes no more decisions, and later changes do not alter it.
      const supALater = { browser: await signIn(supA, f.app, f.origin, f.clock) };
      expect(await myItems(supALater.browser)).toEqual([]);
      expectStatus(await decide(supALater, item, 'revoke'), 409);
      expectStatus(await adminBrowser.post(`/api/v1/grants/${item.grantId}/revoke`, { reason: 'left' }), 204);
      expect(await report(adminBrowser, reviewId)).toEqual(evidence);
      const list = json<{ reviews: { id: string; status: string; counts: { certified: number } }[] }>(await adminBrowser.get('/api/v1/access-reviews'));
      expect(list.reviews).toMatchObject([{ id: reviewId, status: 'closed', counts: { certified: 1 } }]);
    });

    it('an auditor reads the report but can neither start, decide nor close a review', async () => {
      const f = fixture();
      const { admin } = await twoTeams(f);
      const auditor = await addStaffMember(admin.browser, f.clock, { email: 'auditor@bolwerk.test', roleId: 'auditor', scope: { type: 'all', id: null } });
      const reviewId = await startReview(admin.browser);
      expectStatus(await auditor.browser.get(`/api/v1/access-reviews/${reviewId}/report`), 200);
      expectStatus(await auditor.browser.get('/api/v1/access-reviews'), 200);
      expectStatus(await auditor.browser.post('/api/v1/access-reviews', {}), 403);
      expectStatus(await auditor.browser.get('/api/v1/access-reviews/mine'), 403);
      expectStatus(await auditor.browser.post(`/api/v1/access-reviews/${reviewId}/close`), 403);
    });

    it('flags accounts with no sign-in for 90 days, and invitations never taken up', async () => {
      const f = fixture();
      const { env, app, clock, origin } = f;
      const admin = await setUpFirstAdministrator(env, app, clock);
      const dormant = await addStaffMember(admin.browser, clock, { email: 'dormant@bolwerk.test', roleId: 'auditor', scope: { type: 'all', id: null } });
      expectStatus(await admin.browser.post('/api/v1/users', { email: 'never@bolwerk.test', roleId: 'auditor', scope: { type: 'all', id: null } }), 201);
      clock.advance(91 * DAY_MS);
      const adminBrowser = await signIn(admin, app, origin, clock);
      const reviewId = await startReview(adminBrowser);
      const evidence = await report(adminBrowser, reviewId);
      const never = evidence.items.find((i) => i.userId !== admin.userId && i.userId !== dormant.userId);
      expect(new Set(evidence.inactiveAccounts.map((a) => a.userId))).toEqual(new Set([dormant.userId, never?.userId]));
      expect(evidence.items.find((i) => i.userId === admin.userId)?.inactive).toBe(false);
      expect(evidence.items.find((i) => i.userId === dormant.userId)?.inactive).toBe(true);
      // The flag reaches the reviewer too (the administrator: these users have no supervisor).
      expect((await myItems(adminBrowser)).filter((i) => i.inactive)).toHaveLength(2);
    });

    it('starts the quarterly review by itself when due, once, and closes it at its deadline', async () => {
      const f = fixture();
      const { admin } = await twoTeams(f);
      const deps = identityDepsOf(f.env.runtime, f.clock.now);
      expect(await startDueAccessReview(deps)).toBeNull();
      f.clock.advance(91 * DAY_MS);
      expect(await startDueAccessReview({ ...deps, accessReviews: { ...deps.accessReviews, intervalDays: 0 } })).toBeNull();
      const started = await startDueAccessReview(deps);
      expect(started).toMatchObject({ items: 6, deadlineAt: f.clock.now() + 14 * DAY_MS });
      expect(await startDueAccessReview(deps)).toBeNull();
      f.clock.advance(14 * DAY_MS);
      expect(await closeDueAccessReviews(deps)).toEqual([started?.reviewId]);
      // The next one is due a whole interval after this one started.
      expect(await startDueAccessReview(deps)).toBeNull();
      f.clock.advance(77 * DAY_MS);
      expect(await startDueAccessReview(deps)).not.toBeNull();
      const adminBrowser = await signIn(admin, f.app, f.origin, f.clock);
      const list = json<{ reviews: { startedBy: string; status: string }[] }>(await adminBrowser.get('/api/v1/access-reviews'));
      expect(list.reviews).toMatchObject([
        { startedBy: 'system', status: 'open' },
        { startedBy: 'system', status: 'closed' },
      ]);
    });

    it('keeps one open campaign even when two starts race past the check (the one-open index)', async () => {
      const f = fixture();
      const admin = await setUpFirstAdministrator(f.env, f.app, f.clock);
      await startReview(admin.browser);
      const racer = { id: 'racer', started_at: f.clock.now(), started_by: 'system', deadline_at: f.clock.now() + DAY_MS, unanswered_action: 'escalate', status: 'open', closed_at: null, closed_by: null, outcome: null } as const;
      expect(await insertReview(f.env.runtime.database.db, racer)).toBe(false);
      expect(await insertReview(f.env.runtime.database.db, { ...racer, status: 'closed' })).toBe(true);
    });

    it('housekeeping clears half-finished sign-ins once expired', async () => {
      const f = fixture();
      const admin = await setUpFirstAdministrator(f.env, f.app, f.clock);
      const pending = new Browser(f.app, f.origin);
      expectStatus(await pending.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password }), 200);
      const db = f.env.runtime.database.db;
      const count = async () => (await db.selectFrom('identity_pending_sign_ins').select('token_hash').execute()).length;
      const before = await count();
      expect(before).toBeGreaterThan(0);
      await pruneExpiredSignIns({ db, now: f.clock.now });
      expect(await count()).toBe(before);
      f.clock.advance(DAY_MS);
      await pruneExpiredSignIns({ db, now: f.clock.now });
      expect(await count()).toBe(0);
    });
  });

  describe('with BOLWERK_ACCESS_REVIEW_UNANSWERED=revoke', () => {
    const fixture = useIdentityApp(kind, { BOLWERK_ACCESS_REVIEW_UNANSWERED: 'revoke' });

    it('revokes what nobody answered at the deadline, except administrative access, which it escalates', async () => {
      const f = fixture();
      const { admin, supA, agentA, watcher } = await twoTeams(f);
      const reviewId = await startReview(admin.browser);
      const item = (await myItems(supA.browser)).find((i) => i.user.id === agentA.userId);
      if (!item) return expect.fail('agent A is not on their supervisor’s list');
      await stepUp(supA, supA.browser, f.clock);
      expectStatus(await decide(supA, item, 'certify'), 204);

      f.clock.advance(14 * DAY_MS);
      expect(await closeDueAccessReviews(identityDepsOf(f.env.runtime, f.clock.now))).toEqual([reviewId]);

      const adminBrowser = await freshAdmin(f, admin);
      expect(await grantsOf(adminBrowser, watcher.userId)).toEqual([]);
      expect((await grantsOf(adminBrowser, agentA.userId)).map((g) => g.roleId)).toEqual(['agent']);
      expect((await grantsOf(adminBrowser, admin.userId)).map((g) => g.roleId)).toEqual(['administrator']);
      const evidence = await report(adminBrowser, reviewId);
      expect(evidence.counts).toMatchObject({ certified: 1, autoRevoked: 4, escalated: 1 });
      expect(evidence.items.find((i) => i.userId === admin.userId)?.decision).toBe('escalated');
      expect(evidence.items.find((i) => i.userId === watcher.userId)?.decision).toBe('auto-revoked');
      // The revoked user's next sign-in finds the access gone.
      const again = await signIn(watcher, f.app, f.origin, f.clock);
      expectStatus(await again.get('/api/v1/users'), 403);
    });

    it('an administrator may close early, with step-up, applying the same rule', async () => {
      const f = fixture();
      const { admin, agentB } = await twoTeams(f);
      const reviewId = await startReview(admin.browser);
      const closing = await freshAdmin(f, admin);
      const closed = await closing.post(`/api/v1/access-reviews/${reviewId}/close`);
      expectStatus(closed, 200);
      expect(json<Report>(closed)).toMatchObject({ status: 'closed', closedBy: admin.userId, counts: { autoRevoked: 5, escalated: 1 } });
      expect(await grantsOf(closing, agentB.userId)).toEqual([]);
      expectStatus(await closing.post(`/api/v1/access-reviews/${reviewId}/close`), 409);
    });
  });
});

