/** Needs no server: the language configuration's `///` continuation, comment toggling and auto-closing. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { withVsCode, type VsCode } from '../vscode';
import { makeWorkspace, NAV_DIR } from '../workspace';

/** Saves the active editor; the file's lines (1-based: index 0 is unused) as they are on disk then. */
async function save(vs: VsCode, relPath: string): Promise<() => string[]> {
  await vs.page.keyboard.press('Control+S');
  return () => ['', ...fs.readFileSync(path.join(vs.workspace, relPath), 'utf8').split('\n')];
}

// The server's completions would race with the typing; this case is about the language configuration.
const noSuggestions = { 'editor.quickSuggestions': { other: false, comments: false, strings: false }, 'editor.suggestOnTriggerCharacters': false };

it('continues doc comments, toggles comments and closes brackets', async () => {
  const file = `${NAV_DIR}/names.wit`;
  await withVsCode('editing', makeWorkspace(), async (vs) => {
    await vs.openFile(file);

    // Line 5 is `    /// What a person is called, ...`: Enter at its end continues the doc comment.
    await vs.goTo(5, 200);
    await vs.page.keyboard.press('Enter');
    await vs.page.keyboard.type('Never empty.');
    await vs.shot('doc-comment-continued');
    const afterEnter = await save(vs, file);
    await expect.poll(() => afterEnter()[6]).toBe('    /// Never empty.');

    // Ctrl+/ comments out line 7 (`type nickname = string;`) with `//`.
    await vs.goTo(7, 5);
    await vs.page.keyboard.press('Control+/');
    const afterToggle = await save(vs, file);
    await expect.poll(() => afterToggle()[7]).toBe('    // type nickname = string;');

    // `{` and `<` get their closing pair.
    // At a person's pace: VS Code tokenizes asynchronously, and auto-closing
    // looks at the tokens (a `{` typed in a burst was left open on a busy CI).
    await vs.page.keyboard.press('Control+End');
    await vs.page.keyboard.type('\ninterface more {', { delay: 50 });
    await vs.page.waitForTimeout(300);
    await vs.page.keyboard.press('Enter');
    await vs.page.keyboard.type('f: func() -> list<u8', { delay: 50 });
    await vs.shot('brackets-closed');
    const afterTyping = await save(vs, file);
    await expect.poll(() => afterTyping().slice(-3)).toEqual(['interface more {', '    f: func() -> list<u8>', '}']);
  }, { settings: noSuggestions });
});
