/**
 * Needs the server's ▶ Build and ▶ Run lenses and a Rust toolchain with the
 * wasm32-wasip2 target: builds wit-samples' Rust guest and runs `greet` with
 * arguments typed into the input box.
 */

import { it } from 'vitest';
import { buildThenRun } from '../buildRun';
import { withVsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

it('builds the Rust guest, then runs greet with typed arguments and shows the result', async () => {
  await withVsCode('build-run', makeWorkspace(), (vs) =>
    buildThenRun(vs, {
      file: 'guest-rust/wit/guest.wit',
      worldLine: 'world guest {',
      exportLine: 'export greet:',
      args: '("world")',
      result: '"Hello, world!"',
      inline: '→ "Hello, world!"',
    }),
  );
});
