/** The snippets, accepted with every default, make WIT the grammar fully recognizes. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extensionDir, illegalTokens, loadGrammar } from './grammar';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const snippets = JSON.parse(fs.readFileSync(path.join(extensionDir, 'snippets/wit.json'), 'utf8')) as Record<string, Snippet>;

/** What accepting every placeholder's default gives. */
function expandDefaults(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^{}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\t/g, '    ');
}

describe('snippets', () => {
  it('cover the constructs the issue asks for', () => {
    expect(Object.values(snippets).map((s) => s.prefix).sort()).toEqual(['func', 'interface', 'record', 'resource', 'variant', 'world']);
  });

  it.each(Object.entries(snippets))('%s expands to recognized WIT', async (name, snippet) => {
    const text = expandDefaults(snippet.body);
    expect(text, 'no placeholder is left').not.toMatch(/\$/);
    expect(text).toMatch(new RegExp(`\\b${name === 'func' ? 'func\\(' : name}\\b`));
    expect(illegalTokens(await loadGrammar(), text)).toEqual([]);
  });
});
