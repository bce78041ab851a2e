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

export const ConversationIdParams = Type.Object({ conversationId: Uuid }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

const Status = Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('snoozed'), Type.Literal('resolved')]);
const Priority = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]);

export const ConversationQuery = Type.Object(
  {
    inboxId: Type.Optional(Uuid),
    status: Type.Optional(Status),
    assignee: Type.Optional(Type.Union([Type.Literal('me'), Type.Literal('unassigned'), Uuid])),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    priority: Type.Optional(Priority),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    contact: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const ConversationSummaryView = Type.Object({
  id: Type.String(),
  inboxId: Type.String(),
  inboxName: Type.String(),
  channel: Channel,
  status: Status,
  priority: Priority,
  assignee: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  contactId: Type.String(),
  contactLabel: Type.String(),
  labels: Type.Array(Type.String()),
  messageCount: Type.Integer(),
  lastMessageAt: Time,
  lastIncomingAt: Nullable(Time),
  snoozedUntil: Nullable(Time),
  firstResponseDueAt: Nullable(Time),
  resolutionDueAt: Nullable(Time),
  sla: Type.Union([Type.Literal('none'), Type.Literal('ok'), Type.Literal('warning'), Type.Literal('breached')]),
});

const Count = Type.Integer({ minimum: 0 });
export const ConversationPageView = Type.Object({
  conversations: Type.Array(ConversationSummaryView),
  nextCursor: Nullable(Type.String()),
  counts: Type.Object({ open: Count, pending: Count, snoozed: Count, resolved: Count, mine: Count, unassigned: Count }),
});

export const MessageViewSchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  direction: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing'), Type.Literal('note')]),
  author: Type.Object({ type: Type.Union([Type.Literal('contact'), Type.Literal('staff'), Type.Literal('system')]), id: Nullable(Type.String()), name: Nullable(Type.String()) }),
  body: Type.String(),
  createdAt: Time,
  flags: Type.Array(Type.String()),
  delivery: Nullable(Type.String()),
  revealable: Type.Array(Type.Object({ vaultId: Type.String(), entityType: Type.String() })),
  attachments: Type.Array(Type.Object({ id: Type.String(), fileName: Type.String(), mediaType: Type.String(), size: Type.Integer() })),
});

export const MaskedContactView = Type.Object({
  id: Type.String(),
  label: Type.String(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
});

export const ConversationDetailView = Type.Object({
  conversation: Type.Intersect([ConversationSummaryView, Type.Object({ subject: Nullable(Type.String()) })]),
  contact: MaskedContactView,
  messages: Type.Array(MessageViewSchema),
});

export const ReplyBody = Type.Object(
  { body: Type.String({ maxLength: 100_000 }), kind: Type.Union([Type.Literal('reply'), Type.Literal('note')]) },
  { additionalProperties: false },
);

export const ChangeBody = Type.Object(
  { status: Type.Optional(Status), priority: Type.Optional(Priority), snoozedUntil: Type.Optional(Time) },
  { additionalProperties: false },
);

export const AssigneeBody = Type.Object({ assigneeId: Nullable(Uuid) }, { additionalProperties: false });
export const LabelsBody = Type.Object({ labels: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 }) }, { additionalProperties: false });

export const ContactDetailView = Type.Object({ contact: MaskedContactView, conversations: Type.Array(ConversationSummaryView) });
export const ContactParams = Type.Object({ contactId: Uuid }, { additionalProperties: false });
export const ContactRevealBody = Type.Object(
  { field: Type.Union([Type.Literal('name'), Type.Literal('email'), Type.Literal('phone')]), reason: Type.String({ minLength: 5, maxLength: 500 }) },
  { additionalProperties: false },
);
export const ContactRevealView = Type.Object({ value: Type.String(), visibleUntil: Time });

export const CannedQuery = Type.Object({ inboxId: Type.Optional(Uuid) }, { additionalProperties: false });
export const CannedBody = Type.Object(
  { inboxId: Nullable(Uuid), shortcut: Type.String({ minLength: 1, maxLength: 50 }), title: Type.String({ minLength: 1, maxLength: 200 }), body: Type.String({ minLength: 1, maxLength: 10_000 }) },
  { additionalProperties: false },
);
export const CannedView = Type.Object({ id: Type.String(), inboxId: Nullable(Type.String()), shortcut: Type.String(), title: Type.String(), body: Type.String() });
export const CannedList = Type.Object({ cannedResponses: Type.Array(CannedView) });

const AvailabilityValue = Type.Union([Type.Literal('online'), Type.Literal('away'), Type.Literal('offline')]);
export const AvailabilityBody = Type.Object({ availability: AvailabilityValue, capacity: Type.Integer({ minimum: 1, maximum: 50 }) }, { additionalProperties: false });

export const SupervisionView = Type.Object({
  inboxes: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      channel: Channel,
      open: Count,
      pending: Count,
      snoozed: Count,
      unassigned: Count,
      warning: Count,
      breached: Count,
      oldestWaitingSince: Nullable(Time),
    }),
  ),
  agents: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), availability: AvailabilityValue, capacity: Type.Integer(), assignedOpen: Count })),
});

export const InboxChangeBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    teamId: Type.Optional(Nullable(Uuid)),
    settings: Type.Optional(Type.Object({}, { additionalProperties: true })),
    slaPolicyId: Type.Optional(Nullable(Uuid)),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const BusinessHoursSchema = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 100 }),
    windows: Type.Array(Type.Object({ day: Type.Integer({ minimum: 0, maximum: 6 }), start: Type.String(), end: Type.String() }, { additionalProperties: false }), { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export const SlaPolicyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    firstResponseMinutes: Type.Integer({ minimum: 1 }),
    resolutionMinutes: Type.Integer({ minimum: 1 }),
    warnBeforeMinutes: Type.Integer({ minimum: 0 }),
    businessHours: Nullable(BusinessHoursSchema),
  },
  { additionalProperties: false },
);
export const SlaPolicyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  firstResponseMinutes: Type.Number(),
  resolutionMinutes: Type.Number(),
  warnBeforeMinutes: Type.Number(),
  businessHours: Nullable(BusinessHoursSchema),
});
export const SlaPolicyList = Type.Object({ slaPolicies: Type.Array(SlaPolicyView) });

export const MergeBody = Type.Object({ intoContactId: Uuid }, { additionalProperties: false });
