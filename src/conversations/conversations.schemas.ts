import { Type, type TSchema } from 'typebox';

export const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
export const Time = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Channel = Type.Union([Type.Literal('webchat'), Type.Literal('email'), Type.Literal('voice')]);

export const InboxIdParams = Type.Object({ inboxId: Uuid }, { additionalProperties: false });

export const NewInboxBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    channel: Channel,
    teamId: Type.Optional(Nullable(Uuid)),
    settings: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);

/** Settings are a whitelist per channel, so an unknown field never leaks back. */
const Settings = Type.Object(
  {
    allowedOrigins: Type.Optional(Type.Array(Type.String())),
    locale: Type.Optional(Type.String()),
    requireIdentity: Type.Optional(Type.Boolean()),
    address: Type.Optional(Type.String()),
    fromName: Type.Optional(Type.String()),
    audioFill: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const InboxView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  channel: Channel,
  teamId: Nullable(Type.String()),
  settings: Settings,
  slaPolicyId: Nullable(Type.String()),
  createdAt: Time,
  disabledAt: Nullable(Time),
});

export const InboxList = Type.Object({ inboxes: Type.Array(InboxView) });

export const InboxSecretView = Type.Object({ secret: Type.String(), version: Type.Integer() });
