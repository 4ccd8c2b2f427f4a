/**
 * The extension's half of the build/run protocol, in a real VS Code, against
 * e2e/standin-server.mjs instead of wit-analyzer: lenses, trust, the input box
 * with the template and the remembered arguments, the inline result and the
 * output channel. The same steps against the real server are in buildRun.e2e.ts.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { buildThenRun } from '../buildRun';
import { outputDir } from '../paths';
import { withVsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

const settings = { 'wit-analyzer.server.path': path.join(__dirname, '../standin-server.mjs') };

/** The messages the stand-in server received, as it logged them. */
function received(log: string): Array<{ method?: string; params?: any }> {
  return fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

it('builds, then runs an export with typed arguments and shows the result', async () => {
  const log = path.join(outputDir, 'client-protocol-standin.jsonl');
  process.env.STANDIN_LOG = log;
  await withVsCode(
    'client-protocol',
    makeWorkspace(),
    (vs) =>
      buildThenRun(vs, {
        file: 'e2e-run/hello.wit',
        worldLine: 'world hello {',
        exportLine: 'export greet:',
        args: '("world")',
        result: '"Hello, world!"',
        inline: '→ "Hello, world!"  0.04 ms',
      }),
    { settings },
  );

  const messages = received(log);
  const init = messages.find((m) => m.method === 'initialize');
  expect(init?.params.initializationOptions).toMatchObject({ trusted: true, features: [], allFeatures: false, disable: [], run: { timeoutMs: 10_000, dirs: [], env: {} } });
  const runs = messages.filter((m) => m.method === 'workspace/executeCommand' && m.params.command === 'wit-analyzer.server.run');
  expect(runs.map((m) => m.params.arguments[0])).toEqual([
    { uri: expect.stringMatching(/hello\.wit$/), world: 'hello', export: 'greet', args: '("world")' },
  ]);
});

it('neither builds nor runs in an untrusted workspace, and tells the server', async () => {
  const log = path.join(outputDir, 'client-protocol-untrusted.jsonl');
  process.env.STANDIN_LOG = log;
  await withVsCode(
    'client-protocol-untrusted',
    makeWorkspace(),
    async (vs) => {
      await vs.openFile('e2e-run/hello.wit');
      const build = vs.page.locator('.codelens-decoration a', { hasText: '▶ Build' }).first();
      await build.waitFor({ timeout: 90_000 });
      await build.click();
      await vs.page.locator('.notification-toast', { hasText: 'untrusted workspace' }).waitFor();
      await vs.shot('build-refused');
    },
    { settings, trusted: false },
  );
  const messages = received(log);
  expect(messages.find((m) => m.method === 'initialize')?.params.initializationOptions.trusted).toBe(false);
  expect(messages.filter((m) => m.method === 'workspace/executeCommand')).toEqual([]);
});

it('checks, lists breaking changes, builds and runs from the palette', async () => {
  process.env.STANDIN_LOG = path.join(outputDir, 'client-protocol-commands.jsonl');
  await withVsCode(
    'client-protocol-commands',
    makeWorkspace(),
    async (vs) => {
      await vs.openFile('e2e-run/hello.wit');
      await vs.command('WIT: Check Workspace');
      await vs.page.locator('.notification-toast', { hasText: 'Checked 1 WIT file: 0 errors, 0 warnings.' }).waitFor({ timeout: 60_000 });
      await vs.shot('checked');

      await vs.command('WIT: Show Breaking Changes Against…');
      const input = vs.page.locator('.quick-input-widget input');
      await input.waitFor();
      expect(await input.inputValue()).toBe('HEAD');
      await input.fill('v0.1.0');
      await vs.page.keyboard.press('Enter');
      await vs.page.locator('.notification-toast', { hasText: '1 breaking change against v0.1.0, shown in Problems.' }).waitFor();
      // Problems comes forward (the server publishes the findings); the log lists them too.
      await vs.command('WIT: Show Output');
      await expect.poll(() => vs.outputText()).toContain('e2e-run/hello.wit:6:5: greet changed since v0.1.0');
      await vs.shot('breaking-changes');
      // Back to the WIT file, which the output took the focus from.
      await vs.page.locator('.editor-instance .monaco-editor .view-lines').first().click();

      // Build and Run from the palette act on the file's only ▶ Build and ▶ Run lens.
      await vs.command('WIT: Build Component');
      await vs.page.locator('.notification-toast', { hasText: 'Built hello' }).waitFor();
      await vs.command('WIT: Run Export…');
      await input.waitFor();
      expect(await input.inputValue()).toBe('("")');
      await vs.shot('run-from-palette');
      await vs.page.keyboard.press('Escape');
    },
    { settings },
  );
});
