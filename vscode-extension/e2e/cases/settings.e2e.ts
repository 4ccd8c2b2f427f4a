/**
 * Settings that apply without a restart: enabling a WIT feature gate clears
 * the error that only a disabled gate causes, and turning hover off takes
 * the hover away at once.
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
  '    /// Only while the fancy gate is on.',
  '    @unstable(feature = fancy)',
  '    type shiny = u32;',
  '',
  '    @since(version = 1.0.0)',
  '    plain: func() -> shiny;',
  '}',
  '',
].join('\n');

it('enables a feature gate and turns hover off, both live', async () => {
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

    const use = vs.page.locator('.view-line', { hasText: 'plain: func() -> shiny' }).locator('span > span', { hasText: /^shiny$/ });
    const docs = vs.page.locator('.monaco-hover-content', { hasText: 'Only while the fancy gate is on' });
    /** Points at `shiny` afresh and says whether its docs show up. */
    const hoverShows = async (): Promise<boolean> => {
      await vs.page.mouse.move(0, 0);
      await vs.page.keyboard.press('Escape');
      await use.hover();
      return docs
        .first()
        .waitFor({ timeout: 2_000 })
        .then(() => true, () => false);
    };
    await expect.poll(hoverShows, { timeout: 30_000 }).toBe(true);
    await vs.shot('hover-on');

    writeSettings({ 'wit-analyzer.features': ['fancy'], 'wit-analyzer.disable': ['hover'] });
    await expect.poll(hoverShows, { timeout: 30_000 }).toBe(false);
    await vs.shot('hover-off');
    // No server restart was needed: still the first start in the log.
    await vs.command('WIT: Show Output');
    await expect.poll(async () => (await vs.outputText()).match(/\(found via /g)?.length ?? 0).toBe(1);
  });
});
