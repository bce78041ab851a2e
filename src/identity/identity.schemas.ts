import { Type } from 'typebox';

export const SetupCheckBody = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

export const SetupCheckResponse = Type.Object({
  valid: Type.Literal(true),
  expiresAt: Type.String({ format: 'date-time' }),
});

const Token = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
const Email = Type.String({ minLength: 3, maxLength: 254 });
/** Longer than the policy's 256 code points allows, so the policy (not the schema) explains a refusal. */
const Password = Type.String({ minLength: 1, maxLength: 4096 });
const Code = Type.String({ minLength: 1, maxLength: 100 });
const Id = Type.String({ minLength: 1, maxLength: 100 });
const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SetupCompleteBody = Type.Object(
  { token: Token, email: Email, name: Type.String({ minLength: 1, maxLength: 200 }), password: Password },
  { additionalProperties: false },
);

export const EnrolmentCheckBody = Type.Object({ token: Token }, { additionalProperties: false });
export const EnrolmentCheckResponse = Type.Object({ email: Type.String(), name: Type.String(), expiresAt: Time });
export const EnrolmentCompleteBody = Type.Object({ token: Token, password: Password }, { additionalProperties: false });

export const SignInBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 1000 }), password: Password }, { additionalProperties: false });
export const CodeBody = Type.Object({ code: Code }, { additionalProperties: false });

export const NextStep = Type.Object({
  next: Type.Union([Type.Literal('second-factor'), Type.Literal('enrol-second-factor')]),
  factors: Type.Array(Type.String()),
  expiresAt: Time,
});

export const TotpEnrolmentResponse = Type.Object({ uri: Type.String(), secret: Type.String() });

export const SignedInResponse = Type.Object({
  userId: Type.String(),
  csrfToken: Type.String(),
  expiresAt: Time,
  recoveryCodes: Type.Optional(Type.Array(Type.String())),
  remainingRecoveryCodes: Type.Optional(Type.Integer()),
});

export const ScopeView = Type.Object({ type: Type.Union([Type.Literal('all'), Type.Literal('team'), Type.Literal('inbox')]), id: Nullable(Type.String()) });

export const CurrentSessionResponse = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
  permissions: Type.Array(Type.String()),
  csrfToken: Type.String(),
  sessionId: Type.String(),
  mfaAt: Nullable(Time),
  stepUpUntil: Nullable(Time),
});

export const StepUpResponse = Type.Object({ stepUpUntil: Time });

export const SessionView = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  createdAt: Time,
  lastSeenAt: Time,
  expiresAt: Time,
  userAgent: Nullable(Type.String()),
  sourceIp: Nullable(Type.String()),
});
export const SessionList = Type.Object({ sessions: Type.Array(SessionView) });
export const SessionParams = Type.Object({ sessionId: Type.String({ minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$' }) });
export const UserSessionParams = Type.Object({ userId: Id, sessionId: Type.String({ minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$' }) });

export const ChangePasswordBody = Type.Object({ current: Password, next: Password }, { additionalProperties: false });
export const PasswordStrengthBody = Type.Object({ password: Password, email: Type.Optional(Email), name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export const PasswordStrengthResponse = Type.Object({ ok: Type.Boolean(), score: Type.Integer(), problems: Type.Array(Type.String()), suggestions: Type.Array(Type.String()), warning: Nullable(Type.String()) });

export const UserParams = Type.Object({ userId: Id });
export const GrantView = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  roleId: Type.String(),
  scope: ScopeView,
  startsAt: Nullable(Time),
  endsAt: Nullable(Time),
  grantedBy: Type.String(),
  grantedAt: Time,
  inForce: Type.Boolean(),
});
export const UserView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  status: Type.String(),
  mfaEnrolled: Type.Boolean(),
  createdAt: Time,
  lastSignInAt: Nullable(Time),
  grants: Type.Array(GrantView),
  teams: Type.Array(Type.String()),
});
export const UserList = Type.Object({ users: Type.Array(UserView) });
export const CreateUserBody = Type.Object(
  {
    email: Email,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    roleId: Type.Optional(Id),
    scope: Type.Optional(ScopeView),
    endsAt: Type.Optional(Time),
  },
  { additionalProperties: false },
);
export const CreatedUserResponse = Type.Object({ userId: Type.String(), enrolmentUrl: Type.String(), expiresAt: Time });
export const UserStatusBody = Type.Object(
  { status: Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('deactivated')]) },
  { additionalProperties: false },
);

export const RoleView = Type.Object({ id: Type.String(), name: Type.String(), description: Type.String(), permissions: Type.Array(Type.String()), builtIn: Type.Boolean() });
export const RoleList = Type.Object({ roles: Type.Array(RoleView), permissions: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), content: Type.Boolean() })) });
export const RoleBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), description: Type.String({ maxLength: 500 }), permissions: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200 }) },
  { additionalProperties: false },
);
export const RoleParams = Type.Object({ roleId: Id });
export const IdResponse = Type.Object({ id: Type.String() });

export const GrantBody = Type.Object(
  { userId: Id, roleId: Id, scope: ScopeView, startsAt: Type.Optional(Time), endsAt: Type.Optional(Time) },
  { additionalProperties: false },
);
export const GrantParams = Type.Object({ grantId: Id });
export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const ExtensionRequestBody = Type.Object({ endsAt: Time, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export const ExtensionParams = Type.Object({ extensionId: Id });
export const ExtensionDecisionBody = Type.Object({ decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]) }, { additionalProperties: false });
export const ExtensionList = Type.Object({
  extensions: Type.Array(
    Type.Object({ id: Type.String(), grantId: Type.String(), requestedBy: Type.String(), requestedAt: Time, requestedEndsAt: Time, reason: Type.String() }),
  ),
});
export const GrantList = Type.Object({ grants: Type.Array(GrantView) });

export const TeamBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const TeamParams = Type.Object({ teamId: Id });
export const TeamMemberParams = Type.Object({ teamId: Id, userId: Id });
export const TeamList = Type.Object({ teams: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), createdAt: Time, members: Type.Array(Type.String()) })) });
export const EnrolmentLinkResponse = Type.Object({ enrolmentUrl: Type.String(), expiresAt: Time });

export const RecoveryCodesResponse = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
