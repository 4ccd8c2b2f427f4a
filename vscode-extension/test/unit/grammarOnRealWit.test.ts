/**
 * Tokenizes every WIT file in wit-samples and in WASI's published WIT with the
 * extension's TextMate grammar, the same engine VS Code uses, and fails on any
 * character the grammar does not recognize (scope `invalid.illegal`).
 * The hand-written scope assertions live in test/grammar (vscode-tmgrammar-test).
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extensionDir, illegalTokens, loadGrammar } from './grammar';

const repoRoot = path.resolve(extensionDir, '..');
const corpusDir = process.env.WIT_CORPUS ?? path.resolve(repoRoot, '../shared/corpus/wasi');

function witFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.wit'))
    .map((f) => path.join(dir, f))
    .sort();
}

function illegalIn(g: Awaited<ReturnType<typeof loadGrammar>>, file: string): string[] {
  return illegalTokens(g, fs.readFileSync(file, 'utf8')).map((t) => `${file}:${t}`);
}

const grammar = loadGrammar();

describe('the grammar on real WIT', () => {
  const samples = witFiles(path.join(repoRoot, 'wit-samples'));
  const corpus = witFiles(corpusDir);

  it('finds the files it is meant to cover', () => {
    expect(samples.length, 'WIT files in wit-samples').toBeGreaterThan(0);
    expect(corpus.length, `WIT files in ${corpusDir}`).toBeGreaterThan(100);
  });

  it('recognizes every character of wit-samples', async () => {
    const g = await grammar;
    expect(samples.flatMap((f) => illegalIn(g, f))).toEqual([]);
  });

  it("recognizes every character of WASI's WIT", async () => {
    const g = await grammar;
    expect(corpus.flatMap((f) => illegalIn(g, f))).toEqual([]);
  });

  it('flags what is not WIT, so the checks above can fail', async () => {
    const g = await grammar;
    expect(illegalTokens(g, 'interface x {\n    f: func() #!;\n}\n')).toEqual(['2:15: "#"', '2:16: "!"']);
  });
});
