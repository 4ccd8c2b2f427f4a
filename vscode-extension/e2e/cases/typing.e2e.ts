/**
 * Needs the server's diagnostics, completion and inlay hints: a half-typed
 * `use wasi:` is one error on its own line, completion builds the whole path
 * with the version the package resolves at, and inlay hints say what `use`d
 * names are and, when asked, their Canonical ABI layout.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { withVsCode, type VsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

/** A second file of the HTTP sample's package, whose deps.toml brings in WASI 0.2.12's http (and with it io). */
const API_FILE = 'guest-http/wit/api.wit';
const API_TEXT = ['package demo:http;', '', 'interface api {', '    record r { f: u32 }', '}', ''].join('\n');

/** The rows of the Problems panel, as text. */
async function problems(vs: VsCode): Promise<string[]> {
  return vs.page.locator('.markers-panel .monaco-list-row').allTextContents();
}

/** The labels in the open suggestion list. */
async function suggestions(vs: VsCode): Promise<string[]> {
  const rows = vs.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row .label-name');
  await rows.first().waitFor({ timeout: 30_000 });
  return rows.allTextContents();
}

it('a half-typed use is one error on its line, and completion writes the path with its version', async () => {
  const workspace = makeWorkspace();
  fs.writeFileSync(path.join(workspace, API_FILE), API_TEXT);
  await withVsCode('typing-use', workspace, async (vs) => {
    await vs.openFile(API_FILE);
    // The end of `interface api {`: a new line, indented by the editor.
    await vs.goTo(3, 16);
    await vs.page.keyboard.press('Enter');
    await vs.page.keyboard.type('use wasi:', { delay: 80 });

    // `:` asks for completion: the packages of the wasi namespace, not this package's interfaces.
    const offered = await suggestions(vs);
    await vs.shot('use-wasi-suggestions');
    expect(offered).toContain('wasi:io');
    expect(offered).not.toContain('api');
    expect(offered.every((label) => label.startsWith('wasi:'))).toBe(true);
    await vs.page.keyboard.press('Escape');

    // One error, at the end of the typed line (line 4), none on the record below it.
    await vs.page.keyboard.press('Control+Shift+M');
    await expect.poll(async () => (await problems(vs)).filter((row) => row.includes('Ln ')), { timeout: 60_000 }).toHaveLength(1);
    const [only] = (await problems(vs)).filter((row) => row.includes('Ln '));
    expect(only).toMatch(/Ln 4, Col 14/);
    await vs.shot('one-error-on-the-typed-line');

    // Back in the editor: `io`, then the interface, then the item, each picked from the list.
    await vs.page.keyboard.press('Control+1');
    await vs.page.keyboard.press('Control+Space');
    await suggestions(vs);
    await vs.page.keyboard.type('io', { delay: 80 });
    await vs.page.waitForTimeout(300);
    await vs.page.keyboard.press('Enter');
    // The `/` came with the package, not from a key, so the list is asked for again:
    // the interfaces of wasi:io, each inserted with the version.
    await vs.page.keyboard.press('Control+Space');
    expect(await suggestions(vs)).toContain('streams');
    await vs.page.keyboard.type('stre', { delay: 80 });
    // The version the package resolves at (WASI 0.2.12 here, through http's deps, not 0.3.0 of the other sample).
    await expect.poll(async () => vs.page.locator('.editor-widget.suggest-widget.visible').textContent()).toContain('@0.2.12');
    await vs.shot('interfaces-of-wasi-io');
    await vs.page.waitForTimeout(300);
    await vs.page.keyboard.press('Enter');
    await vs.page.keyboard.type('.{', { delay: 80 });
    expect(await suggestions(vs)).toContain('input-stream');
    await vs.page.keyboard.type('input-s', { delay: 80 });
    await vs.page.waitForTimeout(300);
    await vs.page.keyboard.press('Enter');
    // Auto-closing added the `}`: step over it.
    await vs.page.keyboard.press('End');
    await vs.page.keyboard.type(';', { delay: 80 });
    await vs.page.keyboard.press('Control+S');
    await expect
      .poll(() => fs.readFileSync(path.join(workspace, API_FILE), 'utf8').split('\n')[3])
      .toBe('    use wasi:io/streams@0.2.12.{input-stream};');
    // The completed path resolves: the error is gone.
    await expect.poll(async () => (await problems(vs)).filter((row) => row.includes('Ln ')), { timeout: 60_000 }).toHaveLength(0);
    await vs.shot('completed-use-with-version');
  });
});

const HINTS_FILE = 'e2e-hints/hints.wit';
const HINTS_TEXT = [
  'package e2e:hints@1.0.0;',
  '',
  'interface types {',
  '    type bytes = list<u8>;',
  '    record point { x: u32, y: u64 }',
  '}',
  '',
  'interface api {',
  '    use types.{bytes, point};',
  '    send: func(data: bytes) -> point;',
  '}',
  '',
].join('\n');

it('inlay hints show what used names are and, when asked, their ABI layout', async () => {
  const workspace = makeWorkspace();
  fs.mkdirSync(path.join(workspace, path.dirname(HINTS_FILE)), { recursive: true });
  fs.writeFileSync(path.join(workspace, HINTS_FILE), HINTS_TEXT);
  await withVsCode(
    'inlay-hints',
    workspace,
    async (vs) => {
      await vs.openFile(HINTS_FILE);
      // Monaco draws spaces as no-break spaces.
      const lines = vs.page.locator('.editor-instance .view-lines').first();
      const shown = async () => ((await lines.textContent()) ?? '').replace(/\u00a0/g, ' ');
      await expect.poll(shown, { timeout: 60_000 }).toContain('use types.{bytes: list<u8>, point: record};');
      const text = await shown();
      expect(text).toContain('size 8, align 4');
      expect(text).toContain('size 16, align 8');
      await vs.shot('inlay-hints');
    },
    { settings: { 'wit-analyzer.inlayHints.abi': true } },
  );
});
