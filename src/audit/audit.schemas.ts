import { Type, type Static } from 'typebox';

const Id = Type.String({ minLength: 1, maxLength: 200 });

export const EntryFilterQuery = Type.Object(
  {
    actorType: Type.Optional(Type.Union([Type.Literal('staff'), Type.Literal('api-token'), Type.Literal('customer'), Type.Literal('system')])),
    actorId: Type.Optional(Id),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z][a-z0-9_.-]*$' })),
    targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    targetId: Type.Optional(Id),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const ListEntriesQuery = Type.Object(
  {
    ...EntryFilterQuery.properties,
    before: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export type ListEntriesQuery = Static<typeof ListEntriesQuery>;

export const ExportQuery = Type.Object(
  { ...EntryFilterQuery.properties, format: Type.Union([Type.Literal('jsonl'), Type.Literal('csv')]) },
  { additionalProperties: false },
);

export const SeqParams = Type.Object({ seq: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
export const ProofQuery = Type.Object({ treeSize: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export const ConsistencyQuery = Type.Object(
  { from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const CheckpointListQuery = Type.Object(
  { before: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) },
  { additionalProperties: false },
);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const EntryView = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Object({ type: Type.String(), id: Nullable(Type.String()) }),
  action: Type.String(),
  actionVersion: Type.Integer(),
  target: Nullable(Type.Object({ type: Type.String(), id: Type.String() })),
  outcome: Type.String(),
  requestId: Nullable(Type.String()),
  sourceIp: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  personal: Nullable(Type.Object({ subject: Type.String(), sealed: Type.Boolean() })),
  leafHash: Type.String(),
});

export const EntryPage = Type.Object({ entries: Type.Array(EntryView), nextBefore: Nullable(Type.Integer()) });

export const CheckpointJson = Type.Object({
  treeSize: Type.Integer(),
  rootHash: Type.String(),
  timestamp: Type.Integer(),
  publicKey: Type.String(),
  signature: Type.String(),
});

export const CheckpointPage = Type.Object({ checkpoints: Type.Array(CheckpointJson), nextBefore: Nullable(Type.Integer()) });

export const InclusionProof = Type.Object({
  type: Type.Literal('inclusion'),
  leafIndex: Type.Integer(),
  entry: Type.String(),
  leafHash: Type.String(),
  checkpoint: CheckpointJson,
  proof: Type.Array(Type.String()),
});

export const ConsistencyProof = Type.Object({
  type: Type.Literal('consistency'),
  from: CheckpointJson,
  to: CheckpointJson,
  proof: Type.Array(Type.String()),
});

export const VerificationReport = Type.Object({
  intact: Type.Boolean(),
  fromSeq: Type.Integer(),
  treeSize: Type.Integer(),
  checkedEntries: Type.Integer(),
  checkpointsChecked: Type.Integer(),
  witnessCheckpointsChecked: Type.Integer(),
  problem: Nullable(Type.Object({ kind: Type.String(), seq: Type.Integer(), message: Type.String() })),
});
