/**
 * Needs the server's ▶ Build and ▶ Run lenses and the Python sample's
 * componentize-py (wit-samples/guest-py/.venv, which tests/run-all.sh
 * installs): world polyglot, which the JavaScript and Python samples build
 * with no wit-analyzer.toml, gets a Build lens per language; the Python one
 * builds, and greet runs with its result inline.
 */

import { expect, it } from 'vitest';
import { buildThenRun } from '../buildRun';
import { withVsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

// componentize-py builds in about 20 s; compiling the 18 MB component for the first run takes as long again.
const CASE_TIMEOUT_MS = 420_000;

it(
  'builds the Python guest from its own lens, then runs greet and shows the result inline',
  async () => {
    await withVsCode('polyglot-python', makeWorkspace(), async (vs) => {
      await vs.openFile('guest-rust/wit/polyglot.wit');
      await vs.lensAbove('world polyglot {', '▶ Build JavaScript', 90_000);
      await buildThenRun(vs, {
        file: 'guest-rust/wit/polyglot.wit',
        worldLine: 'world polyglot {',
        exportLine: 'export greet:',
        buildLens: '▶ Build Python',
        args: '("Python")',
        result: '"Hello, Python!"',
        inline: '→ "Hello, Python!"',
      });
      const output = await vs.outputText();
      expect(output).toContain('greeting Python');
      // The Python component ran, not one the run built on its own.
      expect(output).toContain('guest-py/dist/guest.wasm');
      expect(output).not.toContain('guest-js/dist');
    });
  },
  CASE_TIMEOUT_MS,
);
