/**
 * Needs the server's ▶ Build and ▶ Run lenses and a Rust toolchain with the
 * wasm32-wasip2 target: builds wit-samples' Rust guests and runs an export
 * of each with arguments typed into the input box.
 */

import { it } from 'vitest';
import { buildThenRun } from '../buildRun';
import { withVsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

// A guest built from scratch compiles its crates on a 2-core machine.
const BUILD_CASE_TIMEOUT_MS = 420_000;

it(
  'builds the Rust guest, then runs greet with typed arguments and shows the result',
  async () => {
    await withVsCode('build-run', makeWorkspace(), (vs) =>
      buildThenRun(vs, {
        file: 'guest-rust/wit/guest.wit',
        worldLine: 'world guest {',
        exportLine: 'export greet:',
        args: '("world")',
        result: '"Hello, world!"',
        inline: '→ "Hello, world!"',
        badArgs: { args: '(world)', error: 'invalid arguments at `world`' },
      }),
    );
  },
  BUILD_CASE_TIMEOUT_MS,
);

it(
  'builds the async guest, then runs an async export with a stream argument and a stream result',
  async () => {
    await withVsCode('build-run-async', makeWorkspace(), (vs) =>
      buildThenRun(vs, {
        file: 'guest-async/wit/streams.wit',
        worldLine: 'world streams {',
        exportLine: 'shout: async func',
        // A stream<u8> argument written as text; the stream result read to its end.
        args: '("hi")',
        result: '[72, 73]',
        inline: '→ [72, 73]',
      }),
    );
  },
  BUILD_CASE_TIMEOUT_MS,
);
