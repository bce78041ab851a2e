import { settings } from '../platform/config/settings.js';
import { describeConfig } from '../platform/config/load-config.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { configFromEnvironment } from './failures.js';

/** `bolwerk config check`: validate and print the effective configuration, secrets hidden. */
export function configCheckCommand(options: { readonly json: boolean }, out: (line: string) => void): ExitCodeValue {
  const effective = describeConfig(configFromEnvironment());
  if (options.json) {
    out(JSON.stringify(effective, null, 2));
    return ExitCode.ok;
  }
  out('The configuration is valid. Effective settings (secrets hidden):');
  for (const [key, value] of Object.entries(effective)) {
    out(`  ${key.padEnd(20)} ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`);
  }
  const fromEnv = settings.filter((s) => process.env[s.env] !== undefined).map((s) => s.env);
  out(`From the environment: ${fromEnv.length > 0 ? fromEnv.join(', ') : 'nothing (defaults and config file only)'}`);
  return ExitCode.ok;
}
