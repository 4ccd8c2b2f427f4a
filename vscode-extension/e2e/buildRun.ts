/**
 * The ▶ Build then ▶ Run steps a person takes, shared by the case against the
 * real server and the case against the stand-in server.
 */

import { expect } from 'vitest';
import type { VsCode } from './vscode';

export interface BuildRunCase {
  /** Workspace-relative path of the file with the world. */
  file: string;
  /** The start of the line the ▶ Build lens sits above, e.g. `world hello {`. */
  worldLine: string;
  /** The start of the line the ▶ Run lens sits above, e.g. `export greet:`. */
  exportLine: string;
  /** What to type into the arguments box. */
  args: string;
  /** The returned value as the output channel shows it, e.g. `"Hello, world!"`. */
  result: string;
  /** The inline text expected after the run, e.g. `→ "Hello, world!"`. */
  inline: string;
  /** Arguments WAVE rejects, and the start of the error the run then shows. */
  badArgs?: { args: string; error: string };
  /** The Build lens to click, when guests in several languages build the world: `▶ Build Python`. */
  buildLens?: string;
}

export async function buildThenRun(vs: VsCode, c: BuildRunCase): Promise<void> {
  await vs.openFile(c.file);
  await vs.revealLine(c.file, c.worldLine);
  const buildLens = c.buildLens ?? '▶ Build';
  await vs.lensAbove(c.worldLine, buildLens, 90_000);
  await vs.shot('lenses');

  await vs.lensAbove(c.worldLine, buildLens).then((l) => l.click());
  // Building a guest from scratch compiles a crate for wasm32-wasip2.
  // The success message (`Built WORLD in 19.3 s: …`), not a progress line of the tool's that says "built".
  await vs.page.locator('.notification-toast', { hasText: /Built \S+ in \d/ }).waitFor({ timeout: 600_000 });
  await vs.shot('built');

  await vs.revealLine(c.file, c.exportLine);
  const runLens = () => vs.lensAbove(c.exportLine, '▶ Run').then((l) => l.click());
  await runLens();
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor();
  const template = await input.inputValue();
  expect(template, 'the input box starts with the WAVE template').not.toBe('');
  await vs.shot('run-input-template');
  await input.fill(c.args);
  await vs.shot('run-input-typed');
  await vs.page.keyboard.press('Enter');

  await expect.poll(() => inlineTexts(vs), { timeout: 120_000 }).toContainEqual(expect.stringContaining(c.inline));
  await expect.poll(() => vs.outputText(), { timeout: 30_000 }).toContain(`result: ${c.result}`);
  // The server answers the command and also sends the result as a notification: shown once.
  await vs.page.waitForTimeout(1_000);
  expect((await vs.outputText()).split(`result: ${c.result}`).length - 1, 'the result is shown once').toBe(1);
  await vs.shot('run-result');

  // Running again offers the arguments typed last time instead of the template.
  await runLens();
  await input.waitFor();
  expect(await input.inputValue()).toBe(c.args);
  await vs.shot('run-input-remembered');
  await vs.page.keyboard.press('Escape');

  if (c.badArgs !== undefined) {
    await runLens();
    await input.waitFor();
    await input.fill(c.badArgs.args);
    await vs.page.keyboard.press('Enter');
    const toast = vs.page.locator('.notification-toast', { hasText: c.badArgs.error });
    await toast.waitFor({ timeout: 60_000 });
    // In the user's terms: no offsets into a call text they never typed, no component path.
    const text = (await toast.textContent()) ?? '';
    expect(text).not.toMatch(/\d+\.\.\d+|\.wasm/);
    await vs.shot('run-bad-arguments');
  }

  // The inline result lasts until the next edit.
  await vs.page.locator('.monaco-editor .view-lines').first().click();
  await vs.page.keyboard.press('Control+End');
  await vs.page.keyboard.type('\n');
  await expect.poll(() => inlineTexts(vs)).not.toContainEqual(expect.stringContaining(c.inline));
  await vs.shot('edited-result-gone');
}

/** Texts rendered after lines by decorations (VS Code draws them as `::after` content). */
export async function inlineTexts(vs: VsCode): Promise<string[]> {
  return vs.page.locator('.monaco-editor .view-lines span, .monaco-editor .view-overlays div').evaluateAll((els) =>
    els
      .map((e) => getComputedStyle(e, '::after').content)
      .filter((c) => c !== 'none' && c !== 'normal' && c !== '')
      .map((c) => c.replace(/^"|"$/g, '').replace(/\\"/g, '"')),
  );
}
