import { Type } from 'typebox';

/** Request and response schemas of the access-review routes; responses are whitelists. */

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Scope = Type.Object({ type: Type.Union([Type.Literal('all'), Type.Literal('team'), Type.Literal('inbox')]), id: Nullable(Type.String()) });
const Decision = Type.Union([Type.Literal('certified'), Type.Literal('revoked'), Type.Literal('escalated'), Type.Literal('auto-revoked')]);
const UnansweredAction = Type.Union([Type.Literal('revoke'), Type.Literal('escalate')]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('closed')]);

export const StartReviewBody = Type.Object({ deadlineDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })) }, { additionalProperties: false });
export const StartedReviewResponse = Type.Object({ id: Type.String(), deadlineAt: Time, items: Type.Integer() });

export const ReviewParams = Type.Object({ reviewId: Id });
export const ReviewItemParams = Type.Object({ reviewId: Id, itemId: Id });
export const DecisionBody = Type.Object(
  { decision: Type.Union([Type.Literal('certify'), Type.Literal('revoke')]), note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

const Counts = Type.Object({
  items: Type.Integer(),
  certified: Type.Integer(),
  revoked: Type.Integer(),
  autoRevoked: Type.Integer(),
  escalated: Type.Integer(),
  undecided: Type.Integer(),
});

export const ReviewList = Type.Object({
  reviews: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Status,
      startedAt: Time,
      startedBy: Type.String(),
      deadlineAt: Time,
      closedAt: Nullable(Time),
      unansweredAction: UnansweredAction,
      counts: Counts,
    }),
  ),
});

export const MyReviewItems = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      reviewId: Type.String(),
      deadlineAt: Time,
      /** True when the item came to the caller as an escalation reviewer. */
      escalation: Type.Boolean(),
      user: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }),
      grantId: Type.String(),
      roleId: Type.String(),
      scope: Scope,
      startsAt: Nullable(Time),
      endsAt: Nullable(Time),
      grantedBy: Type.String(),
      lastSignInAt: Nullable(Time),
      inactive: Type.Boolean(),
    }),
  ),
});

export const ReviewReport = Type.Object({
  version: Type.Literal(1),
  reviewId: Type.String(),
  status: Status,
  startedAt: Time,
  startedBy: Type.String(),
  deadlineAt: Time,
  closedAt: Nullable(Time),
  closedBy: Nullable(Type.String()),
  unansweredAction: UnansweredAction,
  counts: Counts,
  items: Type.Array(
    Type.Object({
      itemId: Type.String(),
      userId: Type.String(),
      grantId: Type.String(),
      roleId: Type.String(),
      scope: Scope,
      startsAt: Nullable(Time),
      endsAt: Nullable(Time),
      grantedBy: Type.String(),
      reviewerId: Nullable(Type.String()),
      lastSignInAt: Nullable(Time),
      inactive: Type.Boolean(),
      decision: Nullable(Decision),
      decidedBy: Nullable(Type.String()),
      decidedAt: Nullable(Time),
      note: Nullable(Type.String()),
    }),
  ),
  inactiveAccounts: Type.Array(Type.Object({ userId: Type.String(), lastSignInAt: Nullable(Time) })),
});
