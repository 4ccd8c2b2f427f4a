/**
 * The folder each case opens: a fresh copy of wit-samples (never the checked-in
 * one), plus the e2e fixture packages, optionally with a file broken on purpose.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths';

export const NAV_DIR = 'e2e-nav';

/** The samples' installed toolchains (tests/run-all.sh installs them): hundreds of MB, linked, not copied. */
const TOOLCHAINS: [string, string][] = [
  ['guest-js', 'node_modules'],
  ['guest-py', '.venv'],
];
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
    // Build output of guest crates is large and irrelevant to the editor, and
    // the JavaScript and Python samples' toolchains are linked in below.
    filter: (src) => !src.split(path.sep).some((part) => ['target', 'dist', ...TOOLCHAINS.map((t) => t[1])].includes(part)),
  });
  for (const [sample, toolchain] of TOOLCHAINS) {
    const installed = path.join(repoRoot, 'wit-samples', sample, toolchain);
    if (fs.existsSync(installed)) fs.symlinkSync(installed, path.join(dir, sample, toolchain));
  }
  fs.cpSync(path.join(__dirname, 'fixture'), dir, { recursive: true });
  pointAtTheWasiCorpus(dir);
  if (options.broken === true) {
    fs.mkdirSync(path.join(dir, path.dirname(BROKEN_FILE)), { recursive: true });
    fs.writeFileSync(path.join(dir, BROKEN_FILE), BROKEN_TEXT);
  }
  return dir;
}

/**
 * The HTTP samples take `wasi:http` from the WASI corpus beside the repository
 * through relative `deps.toml` paths, which do not hold in a copy elsewhere:
 * the copy's paths are made absolute.
 */
function pointAtTheWasiCorpus(dir: string): void {
  const corpus = process.env.WIT_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus', 'wasi');
  for (const sample of ['guest-http', 'guest-http-p3']) {
    const depsToml = path.join(dir, sample, 'wit', 'deps.toml');
    if (!fs.existsSync(depsToml)) continue;
    const text = fs.readFileSync(depsToml, 'utf8');
    const fixed = text.replace(/"(?:\.\.\/)+shared\/corpus\/wasi\/([^"]+)"/g, (_, rest: string) => JSON.stringify(path.join(corpus, rest)));
    fs.writeFileSync(depsToml, fixed);
  }
}
