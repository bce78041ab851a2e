import { Command, CommanderError } from 'commander';
import { packageVersion } from '../platform/package-root.js';
import { auditPublicKeyCommand, auditVerifyCommand } from './audit-verify.command.js';
import { configCheckCommand } from './config-check.command.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { toCliFailure } from './failures.js';
import { migrateCommand } from './migrate.command.js';
import { startCommand } from './start.command.js';
import { userCreateCommand, type UserCreateOptions } from './user-create.command.js';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

function program(setExit: (code: ExitCodeValue) => void): Command {
  const root = new Command('bolwerk')
    .description('Bolwerk: self-hosted customer service in which security is the product.')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  root
    .command('start')
    .description('Start a Bolwerk node: migrate the database, then serve until SIGTERM/SIGINT (configuration: docs/configuration.md).')
    .action(async () => setExit(await startCommand()));

  root
    .command('migrate')
    .description('Apply pending database migrations and exit.')
    .option('--status', 'list applied and pending migrations; exit 1 if any are pending', false)
    .action(async (options: { status: boolean }) => setExit(await migrateCommand(options, out)));

  root
    .command('config')
    .description('Inspect the configuration.')
    .exitOverride()
    .command('check')
    .description('Validate the configuration and print the effective settings, with secrets hidden. Exit 78 if invalid.')
    .option('--json', 'print JSON', false)
    .action((options: { json: boolean }) => setExit(configCheckCommand(options, out)));

  const audit = root.command('audit').description('Work with the tamper-evident audit trail.').exitOverride();
  audit
    .command('public-key')
    .description('Print the public key that signs audit checkpoints (PEM, and base64 of the raw key), to hand to auditors.')
    .action(() => setExit(auditPublicKeyCommand(out)));
  audit
    .command('verify')
    .description(
      'Recompute the audit trail and check every signed checkpoint. Exit 0 when intact, 1 with the first wrong sequence number when not.',
    )
    .option('--against <file>', 'also check the checkpoints exported to this witness file (checkpoints.jsonl)')
    .option('--json', 'print the report as JSON', false)
    .action(async (options: { against?: string; json: boolean }) => setExit(await auditVerifyCommand(options, out)));

  const user = root.command('user').description('Manage staff accounts from the console.').exitOverride();
  user
    .command('create')
    .description('Create a staff account and print its one-time enrolment link (valid 72 hours). Roles: agent, external-agent, supervisor, quality-analyst, privacy-officer, security-officer, administrator, auditor, or a custom role id.')
    .requiredOption('--email <email>', 'their e-mail address (their sign-in name)')
    .requiredOption('--role <role>', 'the role to grant')
    .option('--name <name>', 'their name as colleagues see it')
    .option('--scope <scope>', 'where the role applies: all (default), team:<id> or inbox:<id>')
    .option('--until <date-time>', 'when the role ends (required for external-agent)')
    .action(async (options: UserCreateOptions) => setExit(await userCreateCommand(options, out)));

  return root;
}

/** Runs the CLI with argv (without node and script) and returns the exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[]): Promise<ExitCodeValue> {
  let code: ExitCodeValue = ExitCode.ok;
  try {
    await program((c) => (code = c)).parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exitCode 0; anything else is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const failure = toCliFailure(error);
    process.stderr.write(`bolwerk: ${failure.message}\n`);
    return failure.exitCode;
  }
}
