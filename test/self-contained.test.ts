// A clone of the repository alone passes `npm test`: tests read conformance material from test/fixtures/conformance,
// copied with its provenance, never from folders beside the repository.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test/fixtures/conformance');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : filesUnder(full, keep);
    return keep(full) ? [full] : [];
  });
}

describe('self-contained tests', () => {
  it('no source, test, benchmark or script reads from a folder beside the repository', () => {
    const code = ['src', 'test', 'bench', 'scripts'].flatMap((dir) => filesUnder(path.join(root, dir), (f) => /\.(ts|tsx|mjs|js)$/.test(f)));
    // a relative path that climbs out of the repository to its parent's shared/ folder, written in any file
    const outside = /\.\.\/shared\//;
    const offenders = code.filter((file) => outside.test(readFileSync(file, 'utf8'))).map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('no test imports from bench/: what tests and benchmarks share lives in test/ (peers, scratch databases)', () => {
    const tests = ['src', 'test'].flatMap((dir) => filesUnder(path.join(root, dir), (f) => /\.(ts|tsx|mjs|js)$/.test(f)));
    // an import or dynamic import whose specifier walks into the repository's bench/ folder
    const fromBench = /(?:from\s+|import\s*\(\s*)['"](?:\.\.?\/)+bench\//;
    const offenders = tests.filter((file) => fromBench.test(readFileSync(file, 'utf8'))).map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('one scratch-database helper: only test/helpers/scratch-database.ts creates or drops databases', () => {
    // the server itself may make directories; its tests, the harnesses and the benchmarks may not
    const code = [
      ...filesUnder(path.join(root, 'src'), (f) => /\.test\.tsx?$/.test(f)),
      ...['test', 'bench', 'scripts'].flatMap((dir) => filesUnder(path.join(root, dir), (f) => /\.(ts|tsx|mjs|js)$/.test(f))),
    ];
    const helper = path.join(root, 'test/helpers/scratch-database.ts');
    const self = path.join(root, 'test/self-contained.test.ts');
    const makesDatabases = /(create|drop) database|mkdtemp/i;
    const offenders = code
      .filter((file) => file !== helper && file !== self && makesDatabases.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('every conformance fixture is listed in PROVENANCE.md with its SHA-256', () => {
    const provenance = readFileSync(path.join(fixtures, 'PROVENANCE.md'), 'utf8');
    const files = filesUnder(fixtures, (f) => !f.endsWith('PROVENANCE.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const row = provenance.split('\n').find((line) => line.startsWith(`| \`${path.relative(fixtures, file)}\``));
      expect(row, path.relative(fixtures, file)).toBeDefined();
      const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
      expect(row).toContain(sha256);
    }
  });
});
