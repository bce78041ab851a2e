import { createUser } from '../identity/index.js';
import { identityDepsOf } from '../identity/identity-deps.js';
import { createLogger } from '../platform/logger.js';
import { createRuntime } from '../platform/runtime.js';
import type { GrantScopeType } from '../platform/db/schema.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { CliFailure, configFromEnvironment } from './failures.js';

export interface UserCreateOptions {
  readonly email: string;
  readonly role: string;
  readonly name?: string;
  /** `team:<id>` or `inbox:<id>`; default everywhere. */
  readonly scope?: string;
  /** RFC 3339 end of the grant (required for external agents). */
  readonly until?: string;
}

/**
 * `bolwerk user create --email E --role R`: an invited account and its one-time enrolment link,
 * printed to the terminal only. Recorded in the audit trail as done by the system (the operator
 * at the console, who already holds the keys).
 */
export async function userCreateCommand(options: UserCreateOptions, out: (line: string) => void): Promise<ExitCodeValue> {
  const config = configFromEnvironment();
  const scope = parseScope(options.scope);
  const endsAt = options.until === undefined ? undefined : parseTime(options.until);
  const runtime = await createRuntime(config, createLogger('silent'));
  try {
    const created = await createUser(
      identityDepsOf(runtime),
      { actor: { type: 'system', id: null }, context: { requestId: null, sourceIp: null, userAgent: 'bolwerk-cli' } },
      { email: options.email, name: options.name, roleId: options.role, scope, endsAt },
      'cli',
    );
    out(`Created ${options.email.trim().toLowerCase()} (${created.userId}).`);
    out(`Send them this one-time enrolment link (valid until ${new Date(created.enrolment.expiresAt).toISOString()}):`);
    out(created.enrolment.url);
    return ExitCode.ok;
  } catch (error) {
    const appError = error as { code?: string; message?: string; details?: readonly { field?: string; problem: string }[] };
    if (typeof appError.code === 'string' && appError.code.startsWith('ERR_')) {
      const details = (appError.details ?? []).map((d) => `${d.field ?? ''} ${d.problem}`.trim()).join('; ');
      throw new CliFailure(`${appError.message ?? appError.code}${details === '' ? '' : ` (${details})`} [${appError.code}]`, ExitCode.usage);
    }
    throw error;
  } finally {
    await runtime.close();
  }
}

function parseScope(text: string | undefined): { type: GrantScopeType; id: string | null } | undefined {
  if (text === undefined || text === 'all') return undefined;
  const match = /^(team|inbox):(.+)$/.exec(text);
  if (!match?.[1] || !match[2]) throw new CliFailure(`--scope must be all, team:<id> or inbox:<id>, not "${text}"`, ExitCode.usage);
  return { type: match[1] as GrantScopeType, id: match[2] };
}

function parseTime(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliFailure(`--until must be a date-time such as 2027-03-31T18:00:00Z, not "${text}"`, ExitCode.usage);
  return ms;
}
