import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';


/**
 * The audit trail's tables, and the guards that make them append-only: triggers refuse UPDATE on
 * entries and checkpoints, and DELETE except below a signed anchor (pruning). The guards stop
 * accidents; verification is what proves nothing changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The canonical entry is the one stored truth. Only the primary key is maintained on append;
  // the filter index (audit_index) is built behind it by a job, in bulk.
  await db.schema
    .createTable('audit_entries')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'char(64)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_index')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .execute();
  await db.schema.createIndex('audit_index_at').on('audit_index').column('at').execute();
  await db.schema.createIndex('audit_index_actor').on('audit_index').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_index_action').on('audit_index').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_index_target').on('audit_index').columns(['target_id', 'seq']).execute();
  await db.schema
    .createTable('audit_index_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('indexed_size', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into audit_index_state (id, indexed_size) values (1, 0)`.execute(db);

  await withSignedHead(db.schema.createTable('audit_checkpoints').addColumn('tree_size', 'bigint', (c) => c.primaryKey())).execute();

  await db.schema
    .createTable('audit_tree_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('frontier', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit_tree_state (id, size, frontier) values (1, 0, '[]')`.execute(db);

  await db.schema
    .createTable('audit_subtrees')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'char(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_subtrees_pk', ['level', 'idx'])
    .execute();

  await withSignedHead(
    db.schema
      .createTable('audit_anchors')
      .addColumn('tree_size', 'bigint', (c) => c.primaryKey())
      .addColumn('frontier', 'text', (c) => c.notNull()),
  ).execute();

  await db.schema
    .createTable('audit_witness_state')
    .addColumn('target', 'varchar(500)', (c) => c.primaryKey())
    .addColumn('last_tree_size', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  if (dialectOf(db) === 'sqlite') await sqliteGuards(db);
  else await postgresGuards(db);
}

/** The columns of a signed tree head, shared by checkpoints and anchors. */
function withSignedHead(table: CreateTableBuilder<string, never>): CreateTableBuilder<string, never> {
  return table
    .addColumn('root_hash', 'char(64)', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('public_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('signature', 'varchar(128)', (c) => c.notNull());
}

/** Names of the guard triggers, so tests (playing an attacker with owner rights) can drop them. */
export const guardTriggers = {
  sqlite: ['audit_entries_no_update', 'audit_entries_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete', 'audit_anchors_no_change'],
  postgres: ['audit_entries_guard', 'audit_checkpoints_guard', 'audit_anchors_guard'],
} as const;

async function sqliteGuards(db: Kysely<unknown>): Promise<void> {
  const below = '(SELECT coalesce(max(tree_size), 0) FROM audit_anchors)';
  for (const statement of [
    `CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END`,
    `CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries WHEN OLD.seq >= ${below} BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END`,
    `CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END`,
    `CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints WHEN OLD.tree_size >= ${below} BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END`,
    `CREATE TRIGGER audit_anchors_no_change BEFORE UPDATE ON audit_anchors BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

async function postgresGuards(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE anchored bigint;
       BEGIN
         IF TG_OP = 'DELETE' THEN
           SELECT coalesce(max(tree_size), 0) INTO anchored FROM audit_anchors;
           -- Nested, not OR-ed: plpgsql would evaluate OLD.tree_size on an entry row and fail.
           IF TG_TABLE_NAME = 'audit_entries' THEN
             IF OLD.seq < anchored THEN RETURN OLD; END IF;
           ELSIF TG_TABLE_NAME = 'audit_checkpoints' THEN
             IF OLD.tree_size < anchored THEN RETURN OLD; END IF;
           END IF;
         END IF;
         RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
       END $$`,
    )
    .execute(db);
  for (const [trigger, table, events] of [
    ['audit_entries_guard', 'audit_entries', 'UPDATE OR DELETE'],
    ['audit_checkpoints_guard', 'audit_checkpoints', 'UPDATE OR DELETE'],
    ['audit_anchors_guard', 'audit_anchors', 'UPDATE OR DELETE'],
  ] as const) {
    await sql.raw(`CREATE TRIGGER ${trigger} BEFORE ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()`).execute(db);
  }
  // TRUNCATE skips row triggers: take the privilege away from everyone, the owner included.
  await sql.raw('REVOKE TRUNCATE, UPDATE ON audit_entries, audit_checkpoints, audit_anchors FROM PUBLIC, CURRENT_USER').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_index_state', 'audit_index', 'audit_witness_state', 'audit_anchors', 'audit_subtrees', 'audit_tree_state', 'audit_checkpoints', 'audit_entries']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  if (dialectOf(db) === 'postgres') await sql.raw('DROP FUNCTION IF EXISTS audit_append_only()').execute(db);
}
