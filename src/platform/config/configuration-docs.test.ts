import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { settings } from './settings.js';

// docs/configuration.md is what operators read; settings.ts is what Bolwerk accepts. Each
// setting's row must name its variable, its file key and its default, and the table must not
// document a variable Bolwerk would refuse, so the two cannot drift apart.

const docFile = fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url));

function readDoc(): string {
  if (!existsSync(docFile)) return expect.fail(`${docFile} does not exist yet: document every setting there.`);
  return readFileSync(docFile, 'utf8');
}

/** The lines of the document that mention `name` as code, e.g. `BOLWERK_PORT`. */
function linesNaming(doc: string, name: string): string[] {
  return doc.split('\n').filter((line) => line.includes(`\`${name}\``));
}

describe('docs/configuration.md', () => {
  it.each(settings.map((s) => [s.env, s] as const))('documents %s with its file key and default', (env, setting) => {
    const rows = linesNaming(readDoc(), env).filter((line) => line.includes(`\`${setting.key}\``));

    expect(rows, `no line names both \`${env}\` and its file key \`${setting.key}\``).not.toHaveLength(0);
    if (setting.default !== undefined) {
      expect(
        rows.some((row) => row.includes(`\`${setting.default}\``)),
        `the line for ${env} does not give its default \`${setting.default}\``,
      ).toBe(true);
    }
  });

  it('documents no BOLWERK_ variable in its settings table that Bolwerk does not accept', () => {
    const known = new Set<string>(settings.map((s) => s.env));
    const tableRows = readDoc()
      .split('\n')
      .filter((line) => /^\|\s*`BOLWERK_/.test(line));

    const documented = tableRows.map((row) => /`(BOLWERK_[A-Z0-9_]+)`/.exec(row)?.[1]);

    expect(documented.filter((env) => env === undefined || !known.has(env))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });
});
