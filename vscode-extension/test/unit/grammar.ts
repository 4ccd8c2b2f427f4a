/** Loads the extension's TextMate grammar into vscode-textmate, the engine VS Code uses. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

export const extensionDir = path.resolve(__dirname, '../..');

let loaded: Promise<IGrammar> | undefined;

/** The grammar, loaded once per test file. */
export function loadGrammar(): Promise<IGrammar> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<IGrammar> {
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

/** `line:col: "text"` (1-based) for every token the grammar marks invalid. */
export function illegalTokens(grammar: IGrammar, text: string): string[] {
  const found: string[] = [];
  let state = INITIAL;
  text.split(/\r?\n/).forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      if (t.scopes.some((s) => s.startsWith('invalid.'))) {
        found.push(`${i + 1}:${t.startIndex + 1}: ${JSON.stringify(line.slice(t.startIndex, t.endIndex))}`);
      }
    }
    state = r.ruleStack;
  });
  return found;
}
