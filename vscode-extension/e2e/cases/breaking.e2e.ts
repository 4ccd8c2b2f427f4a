/**
 * Needs the server's breakingChanges command: "Show Breaking Changes Against…"
 * fills Problems, the old file opened from a finding's related location adds
 * no problem of its own and leaves nothing behind, and "Clear Breaking
 * Changes" empties Problems again.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { withVsCode, type VsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

/** The e2e-run fixture as it was: it exported `wave` too. */
const OLD_HELLO = ['package e2e:run;', '', '/// A world with one export to build and run.', 'world hello {', '    /// Says hello to `name`.', '    export greet: func(name: string) -> string;', '    /// Waves.', '    export wave: func() -> string;', '}', ''].join('\n');

async function problemsText(vs: VsCode): Promise<string> {
  return (await vs.page.locator('.markers-panel').textContent().catch(() => '')) ?? '';
}

it('shows breaking changes in Problems until they are cleared', async () => {
  const baseline = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-e2e-baseline-'));
  fs.writeFileSync(path.join(baseline, 'hello.wit'), OLD_HELLO);
  await withVsCode('breaking-changes', makeWorkspace(), async (vs) => {
    await vs.openFile('e2e-run/hello.wit');
    await expect.poll(async () => (await vs.statusBarItems()).join(' | '), { timeout: 60_000 }).toMatch(/wit-analyzer is running/);

    await vs.command('WIT: Show Breaking Changes Against…');
    const input = vs.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(baseline);
    await vs.page.keyboard.press('Enter');
    await vs.page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => problemsText(vs), { timeout: 30_000 }).toContain('wave');
    await vs.shot('breaking-changes-in-problems');

    // The old location of `wave` is a file of the baseline, not of the workspace.
    await openOutside(vs, path.join(baseline, 'hello.wit'));
    await vs.activeTab('hello.wit').waitFor();
    await vs.page.waitForTimeout(3_000);
    const withOldOpen = await problemsText(vs);
    expect(withOldOpen, 'the old file is no second package').not.toContain('duplicate');
    await vs.shot('old-file-open');
    await vs.page.keyboard.press('Control+W');
    await vs.page.waitForTimeout(2_000);
    expect(await problemsText(vs)).not.toContain('duplicate');

    await vs.command('WIT: Clear Breaking Changes');
    await expect.poll(() => problemsText(vs), { timeout: 30_000 }).not.toContain('wave');
    await vs.shot('cleared');
  });
});

/** Opens a file outside the workspace by its path, as File > Open File… does. */
async function openOutside(vs: VsCode, file: string): Promise<void> {
  await vs.page.keyboard.press('Control+P');
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(file);
  await vs.page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await vs.page.keyboard.press('Enter');
}
