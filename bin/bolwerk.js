#!/usr/bin/env node
// The `bolwerk` command. Runs the built server (npm run build makes dist/server).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('bolwerk: the server is not built yet. Run: npm run build\n');
  process.exit(70);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
