import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf, requestContextOf } from '../identity/index.js';
import type { AuditDeps } from './audit-deps.js';
import {
  CheckpointListQuery,
  CheckpointPage,
  ConsistencyProof,
  ConsistencyQuery,
  EntryPage,
  EntryView,
  ExportQuery,
  InclusionProof,
  ListEntriesQuery,
  ProofQuery,
  SeqParams,
  VerificationReport,
} from './audit.schemas.js';
import { checkpointFromRow, checkpointToJson } from './checkpoint.js';
import type { AuditActor } from './entry.js';
import { toEntryView } from './entry-view.js';
import { exportTrail } from './export-trail.js';
import { getEntry, listEntries, type AuditFilter } from './list-entries.js';
import { proveConsistency, proveInclusion } from './prove.js';
import { runVerification } from './run-verification.js';
import { AppError } from '../platform/errors/index.js';

function auditActor(request: FastifyRequest): AuditActor {
  const actor = actorOf(request);
  return { type: actor.type, id: actor.id };
}

function filterOf(query: { actorType?: string; actorId?: string; action?: string; targetType?: string; targetId?: string; from?: string; to?: string }): AuditFilter {
  return {
    ...(query.actorType !== undefined ? { actorType: query.actorType } : {}),
    ...(query.actorId !== undefined ? { actorId: query.actorId } : {}),
    ...(query.action !== undefined ? { action: query.action } : {}),
    ...(query.targetType !== undefined ? { targetType: query.targetType } : {}),
    ...(query.targetId !== undefined ? { targetId: query.targetId } : {}),
    ...(query.from !== undefined ? { from: parseDateTime(query.from, 'querystring.from') } : {}),
    ...(query.to !== undefined ? { to: parseDateTime(query.to, 'querystring.to') } : {}),
  };
}

/**
 * RFC 3339 to epoch ms. JavaScript has no leap seconds: 23:59:60 is read as the instant after
 * 23:59:59.999, i.e. the next minute's start. Anything else it cannot read is a 400.
 */
function parseDateTime(text: string, field: string): number {
  const parsed = Date.parse(text);
  if (!Number.isNaN(parsed)) return parsed;
  const leap = text.replace(/(T\d{2}:\d{2}:)60(\.\d+)?/i, '$159.999');
  const leapParsed = Date.parse(leap);
  if (leap !== text && !Number.isNaN(leapParsed)) return leapParsed + 1;
  throw new AppError('ERR_REQUEST_VALIDATION', [{ field, problem: 'is not a date-time this server can read' }]);
}

const tags = ['audit'];

/** The audit trail's API: read, prove, verify, export. Each route names its permission. */
export function auditRoutes(deps: AuditDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/v1/audit/entries',
      { config: { permission: 'audit.read' }, schema: { tags, summary: 'Audit entries, newest first', querystring: ListEntriesQuery, response: { 200: EntryPage } } },
      async (request) => {
        const page = await listEntries(deps.db, filterOf(request.query), {
          ...(request.query.before !== undefined ? { before: request.query.before } : {}),
          limit: request.query.limit ?? 50,
        });
        return { entries: page.entries.map(toEntryView), nextBefore: page.nextBefore };
      },
    );

    app.get(
      '/api/v1/audit/entries/:seq',
      { config: { permission: 'audit.read' }, schema: { tags, summary: 'One audit entry', params: SeqParams, response: { 200: EntryView } } },
      async (request) => {
        const entry = await getEntry(deps.db, request.params.seq);
        if (!entry) throw new AppError('ERR_AUDIT_ENTRY_NOT_FOUND');
        return toEntryView(entry);
      },
    );

    app.get(
      '/api/v1/audit/entries/:seq/proof',
      {
        config: { permission: 'audit.read' },
        schema: { tags, summary: 'Inclusion proof of an entry in a signed checkpoint', params: SeqParams, querystring: ProofQuery, response: { 200: InclusionProof } },
      },
      async (request) => proveInclusion(deps.db, request.params.seq, request.query.treeSize),
    );

    app.get(
      '/api/v1/audit/checkpoints',
      { config: { permission: 'audit.read' }, schema: { tags, summary: 'Signed checkpoints, newest first', querystring: CheckpointListQuery, response: { 200: CheckpointPage } } },
      async (request) => {
        const limit = request.query.limit ?? 50;
        let query = deps.db.selectFrom('audit_checkpoints').selectAll();
        if (request.query.before !== undefined) query = query.where('tree_size', '<', request.query.before);
        const rows = await query.orderBy('tree_size', 'desc').limit(limit + 1).execute();
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { checkpoints: page.map((r) => checkpointToJson(checkpointFromRow(r))), nextBefore: rows.length > limit && last ? last.tree_size : null };
      },
    );

    app.get(
      '/api/v1/audit/consistency',
      {
        config: { permission: 'audit.read' },
        schema: { tags, summary: 'Consistency proof: the later checkpoint extends the earlier one', querystring: ConsistencyQuery, response: { 200: ConsistencyProof } },
      },
      async (request) => proveConsistency(deps.db, request.query.from, request.query.to),
    );

    app.post(
      '/api/v1/audit/verifications',
      { config: { permission: 'audit.verify' }, schema: { tags, summary: 'Verify the whole trail now', response: { 200: VerificationReport } } },
      async (request) => runVerification(deps, auditActor(request), requestContextOf(request)),
    );

    app.get(
      '/api/v1/audit/export',
      { config: { permission: 'audit.export', stepUp: true }, schema: { tags, summary: 'Export entries as JSON lines or CSV (the export is audited; needs step-up)', querystring: ExportQuery } },
      async (request, reply) => {
        const { format } = request.query;
        const lines = await exportTrail(deps, auditActor(request), requestContextOf(request), { filter: filterOf(request.query), format });
        const stamp = new Date(deps.now()).toISOString().replaceAll(':', '-');
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="bolwerk-audit-${stamp}.${format}"`)
          .send(Readable.from(lines));
      },
    );
  };
}
