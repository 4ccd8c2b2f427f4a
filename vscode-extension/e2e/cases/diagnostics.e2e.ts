/** Needs the server's diagnostics: a broken file gets a squiggle and the Problems count goes up. */

import { expect, it } from 'vitest';
import { withVsCode } from '../vscode';
import { BROKEN_FILE, makeWorkspace } from '../workspace';

it('shows a squiggle and a Problems count on a broken file', async () => {
  await withVsCode('diagnostics', makeWorkspace({ broken: true }), async (vs) => {
    await vs.openFile(BROKEN_FILE);
    await vs.shot('opened-broken-file');

    await vs.page.locator('.view-overlays .squiggly-error').first().waitFor({ timeout: 60_000 });
    await vs.shot('squiggle');

    // The workbench's own Problems counter in the status bar, e.g. "Errors: 2, Warnings: 0".
    const problems = vs.page.locator('.statusbar-item[id="status.problems"]');
    await expect.poll(async () => errorCount(await problems.getAttribute('aria-label')), { timeout: 30_000 }).toBeGreaterThan(0);
    // And ours: the wit-analyzer item counts the same errors.
    await expect.poll(async () => (await vs.statusBarItems()).join(' | ')).toMatch(/wit-analyzer is running: [1-9]\d* errors?/);

    await vs.page.keyboard.press('Control+Shift+M');
    const markers = vs.page.locator('.markers-panel .monaco-list-row');
    await markers.first().waitFor();
    expect(await vs.page.locator('.markers-panel').textContent()).toContain('broken.wit');
    await vs.shot('problems-panel');
  });
});

function errorCount(label: string | null): number {
  const m = /Errors?: (\d+)/i.exec(label ?? '');
  return m === null ? 0 : Number(m[1]);
}
