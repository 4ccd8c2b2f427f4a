/**
 * The "New … guest for world" code actions: on the name of world `fixture`,
 * which no guest of the samples builds, Ctrl+. offers a guest in each
 * language; the Rust one (which installs nothing) is written beside the WIT
 * folder, its source opens, and the world gets its ▶ Build lens.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { withVsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

const WIT = 'guest-rust/wit/guest.wit';

it('offers a new guest on a world, writes the Rust one, opens it and shows its Build lens', async () => {
  const workspace = makeWorkspace();
  await withVsCode('new-guest', workspace, async (vs) => {
    await vs.openFile(WIT);
    await vs.revealLine(WIT, 'world fixture {');
    // No guest builds `fixture` yet, so it has no Build lens; `guest` has one.
    await vs.lensAbove('world guest {', '▶ Build', 90_000);
    await expect(vs.lensAbove('world fixture {', '▶ Build', 1_000)).rejects.toThrow();
    await vs.page.keyboard.press('End');
    await vs.page.keyboard.press('ArrowLeft');
    await vs.page.keyboard.press('ArrowLeft');

    await vs.page.keyboard.press('Control+.');
    const rows = vs.page.locator('.action-widget .monaco-list-row');
    await rows.filter({ hasText: 'New Rust guest' }).first().waitFor({ timeout: 30_000 });
    const labels = await rows.allTextContents();
    for (const lang of ['Rust', 'JavaScript', 'Python']) {
      expect(labels.some((l) => l.includes(`New ${lang} guest for world`) && l.includes('fixture')), `${lang} in ${labels.join(' | ')}`).toBe(true);
    }
    await vs.shot('new-guest-actions');
    // The list takes keys; a click meets VS Code's pointer block while it opens.
    expect(await vs.page.locator('.action-widget .monaco-list-row.focused').textContent()).toContain('New Rust guest');
    await vs.page.keyboard.press('Enter');

    // The server opens the new project's source.
    await vs.activeTab('lib.rs').waitFor({ timeout: 60_000 });
    const lib = path.join(workspace, 'guest-rust/fixture-rust/src/lib.rs');
    expect(fs.readFileSync(lib, 'utf8')).toContain('wit_bindgen::generate!');
    await vs.page.locator('.view-line', { hasText: 'wit_bindgen::generate!' }).first().waitFor();
    await vs.shot('new-guest-source');

    // Back in the WIT, the world the new project builds has its lens.
    await vs.page.locator('.tab', { hasText: 'guest.wit' }).click();
    await vs.activeTab('guest.wit').waitFor();
    await vs.revealLine(WIT, 'world fixture {');
    await vs.lensAbove('world fixture {', '▶ Build', 30_000);
    await vs.shot('new-guest-build-lens');
  });
}, 300_000);
