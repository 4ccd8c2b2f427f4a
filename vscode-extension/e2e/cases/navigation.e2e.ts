/** Needs the server's definition and hover: F12 across files, and the doc comment on hover. */

import { expect, it } from 'vitest';
import { withVsCode, type VsCode } from '../vscode';
import { makeWorkspace, NAV_DIR } from '../workspace';

/** Puts the cursor on `nickname` in `greet: func(who: nickname)` of greeter.wit. */
async function onNicknameUse(vs: VsCode): Promise<void> {
  await vs.openFile(`${NAV_DIR}/greeter.wit`);
  await vs.goTo(6, 23);
}

it('F12 jumps to a definition in another file', async () => {
  await withVsCode('definition', makeWorkspace(), async (vs) => {
    await onNicknameUse(vs);
    await vs.shot('cursor-on-use');
    await vs.page.keyboard.press('F12');
    await vs.activeTab('names.wit').waitFor({ timeout: 60_000 });
    // The cursor lands on the definition: line 6 of names.wit.
    await expect.poll(() => vs.page.locator('.statusbar-item[id="status.editor.selection"]').textContent()).toMatch(/Ln 6,/);
    await vs.shot('jumped-to-definition');
  });
});

it('hover shows the doc comment', async () => {
  await withVsCode('hover', makeWorkspace(), async (vs) => {
    await onNicknameUse(vs);
    // Point at the word as a person would.
    const use = vs.page.locator('.view-line', { hasText: 'greet: func(who: nickname)' }).locator('span > span', { hasText: /^nickname$/ });
    await use.hover();
    // The doc comment of `type nickname` in names.wit, shown where it is used in greeter.wit.
    await vs.page.locator('.monaco-hover-content', { hasText: 'What a person is called' }).first().waitFor({ timeout: 60_000 });
    await vs.shot('hover');
  });
});
