/**
 * Settings that apply without a restart: enabling a WIT feature gate clears
 * the error that only a disabled gate causes, and turning a capability off
 * offers a Restart Server button that restarts the server.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { withVsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

const GATED_FILE = 'e2e-gates/gates.wit';

/** `plain` uses a type of the `fancy` gate: an error until the gate is enabled. */
const GATED_TEXT = [
  'package e2e:gates@1.0.0;',
  '',
  'interface api {',
  '    @unstable(feature = fancy)',
  '    type shiny = u32;',
  '',
  '    @since(version = 1.0.0)',
  '    plain: func() -> shiny;',
  '}',
  '',
].join('\n');

it('enables a feature gate live, and offers a restart for a capability switch', async () => {
  const workspace = makeWorkspace();
  fs.mkdirSync(path.join(workspace, path.dirname(GATED_FILE)), { recursive: true });
  fs.writeFileSync(path.join(workspace, GATED_FILE), GATED_TEXT);
  // VS Code reads the folder's settings file again whenever it changes.
  const writeSettings = (settings: Record<string, unknown>) => {
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify(settings, null, 2));
  };

  await withVsCode('settings', workspace, async (vs) => {
    await vs.openFile(GATED_FILE);
    const squiggles = vs.page.locator('.view-overlays .squiggly-error');
    await squiggles.first().waitFor({ timeout: 60_000 });
    await vs.shot('gate-off');

    writeSettings({ 'wit-analyzer.features': ['fancy'] });
    await expect.poll(() => squiggles.count(), { timeout: 30_000 }).toBe(0);
    await vs.shot('gate-on');

    writeSettings({ 'wit-analyzer.features': ['fancy'], 'wit-analyzer.disable': ['hover'] });
    const toast = vs.page.locator('.notification-toast', { hasText: 'takes effect when the server restarts' });
    await toast.waitFor({ timeout: 30_000 });
    await vs.shot('restart-offered');
    await toast.locator('.monaco-button', { hasText: 'Restart Server' }).click();

    // Each start logs where it found the server.
    await vs.command('WIT: Show Output');
    await expect.poll(async () => (await vs.outputText()).match(/\(found via /g)?.length ?? 0, { timeout: 30_000 }).toBe(2);
    // The restarted server keeps the gate: still no error.
    await expect.poll(async () => (await vs.statusBarItems()).join(' | '), { timeout: 30_000 }).toMatch(/wit-analyzer is running/);
    expect(await squiggles.count()).toBe(0);
    await vs.shot('restarted');
  });
});
