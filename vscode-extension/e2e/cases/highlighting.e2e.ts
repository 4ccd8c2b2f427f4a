/**
 * Needs no server: the extension activates on a .wit file, the TextMate grammar
 * colors it, and the status bar shows the wit-analyzer item.
 */

import { expect, it } from 'vitest';
import { withVsCode } from '../vscode';
import { makeWorkspace, NAV_DIR } from '../workspace';

it('highlights WIT and shows the status item before the server answers', async () => {
  await withVsCode('highlighting', makeWorkspace(), async (vs) => {
    await vs.openFile(`${NAV_DIR}/names.wit`);
    const line = vs.page.locator('.view-line', { hasText: 'interface names' });
    await line.waitFor();
    // Monaco gives each color a class; `mtk1` is the default foreground, i.e. no scope matched.
    const classOf = (text: string) => line.locator('span > span', { hasText: new RegExp(`^${text}$`) }).first().getAttribute('class');
    await expect.poll(() => classOf('interface'), { timeout: 30_000 }).not.toBe('mtk1');
    expect(await classOf('names')).not.toBe('mtk1');
    expect(await classOf('interface')).not.toBe(await classOf('names'));

    const language = vs.page.locator('.statusbar-item[id="status.editor.mode"]');
    await expect.poll(() => language.textContent()).toContain('WIT');
    await expect.poll(async () => (await vs.statusBarItems()).some((t) => t.includes('wit-analyzer'))).toBe(true);
    await vs.shot('highlighted');
  });
});

it('highlights a WAC document with its own grammar', async () => {
  await withVsCode('highlighting-wac', makeWorkspace(), async (vs) => {
    await vs.openFile('compose/app.wac');
    const line = vs.page.locator('.view-line', { hasText: 'let names = new demo:names' });
    await line.waitFor();
    const classOf = (text: string) => line.locator('span > span', { hasText: new RegExp(`^${text}$`) }).first().getAttribute('class');
    await expect.poll(() => classOf('let'), { timeout: 30_000 }).not.toBe('mtk1');
    expect(await classOf('new')).not.toBe('mtk1');
    expect(await classOf('demo')).not.toBe('mtk1');
    expect(await classOf('let')).not.toBe(await classOf('demo'));
    const comment = vs.page.locator('.view-line', { hasText: 'The compose sample as a WAC document' });
    expect(await comment.locator('span > span').first().getAttribute('class')).not.toBe('mtk1');

    const language = vs.page.locator('.statusbar-item[id="status.editor.mode"]');
    await expect.poll(() => language.textContent()).toContain('WAC');
    await vs.shot('highlighted-wac');
  });
});
