/**
 * Tokenizes every WIT file in wit-samples and in WASI's published WIT with the
 * extension's TextMate grammar, the same engine VS Code uses, and fails on any
 * character the grammar does not recognize (scope `invalid.illegal`).
 * The hand-written scope assertions live in test/grammar (vscode-tmgrammar-test).
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const extensionDir = path.resolve(__dirname, '../..');
const repoRoot = path.resolve(extensionDir, '..');
const corpusDir = process.env.WIT_CORPUS ?? path.resolve(repoRoot, '../shared/corpus/wasi');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = fs.readFileSync(createRequire(__filename).resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => {
      const file = path.join(extensionDir, 'syntaxes/wit.tmLanguage.json');
      return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const grammar = await registry.loadGrammar('source.wit');
  if (grammar === null) throw new Error('source.wit did not load');
  return grammar;
}

function witFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.wit'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** `file:line:col: text` for every character that got an invalid scope. */
function illegalTokens(grammar: IGrammar, file: string): string[] {
  const found: string[] = [];
  let state = INITIAL;
  fs.readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const r = grammar.tokenizeLine(line, state);
      for (const t of r.tokens) {
        if (t.scopes.some((s) => s.startsWith('invalid.'))) {
          found.push(`${file}:${i + 1}:${t.startIndex + 1}: ${JSON.stringify(line.slice(t.startIndex, t.endIndex))}`);
        }
      }
      state = r.ruleStack;
    });
  return found;
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
    expect(samples.flatMap((f) => illegalTokens(g, f))).toEqual([]);
  });

  it("recognizes every character of WASI's WIT", async () => {
    const g = await grammar;
    expect(corpus.flatMap((f) => illegalTokens(g, f))).toEqual([]);
  });

  it('flags what is not WIT, so the checks above can fail', async () => {
    const g = await grammar;
    const bad = path.join(extensionDir, 'test/unit/fixtures/not-wit.wit');
    expect(illegalTokens(g, bad).map((l) => l.slice(bad.length))).toEqual([':2:15: "#"', ':2:16: "!"']);
  });
});
