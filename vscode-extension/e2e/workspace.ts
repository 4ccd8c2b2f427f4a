/**
 * The folder each case opens: a fresh copy of wit-samples (never the checked-in
 * one), plus the e2e fixture packages, optionally with a file broken on purpose.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths';

export const NAV_DIR = 'e2e-nav';
export const BROKEN_FILE = 'e2e-broken/broken.wit';

/** The broken file's text; line 4 (1-based) has two syntax errors. */
export const BROKEN_TEXT = [
  'package e2e:broken;',
  '',
  'interface oops {',
  '    missing-type: func(x: ) -> ;',
  '}',
  '',
].join('\n');

export function makeWorkspace(options: { broken?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-e2e-'));
  fs.cpSync(path.join(repoRoot, 'wit-samples'), dir, {
    recursive: true,
    // Build output of guest crates is large and irrelevant to the editor.
    filter: (src) => !src.split(path.sep).includes('target'),
  });
  fs.cpSync(path.join(__dirname, 'fixture'), dir, { recursive: true });
  if (options.broken === true) {
    fs.mkdirSync(path.join(dir, path.dirname(BROKEN_FILE)), { recursive: true });
    fs.writeFileSync(path.join(dir, BROKEN_FILE), BROKEN_TEXT);
  }
  return dir;
}
