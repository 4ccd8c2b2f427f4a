/**
 * What makes the extension feel finished: Markdown in doc comments (colored,
 * and rendered in hover), the status bar menu, the right-click entries, the
 * walkthrough, the file icon, and an extension page whose icon and README
 * images load.
 */

import { expect, it } from 'vitest';
import { withVsCode, type VsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

const DOCS = 'e2e-docs/docs.wit';

/** The labels of the open context menu, or quick pick. */
async function menuLabels(vs: VsCode, selector: string): Promise<string[]> {
  await vs.page.locator(selector).first().waitFor({ timeout: 15_000 });
  return vs.page.locator(selector).allTextContents();
}

it('renders doc comment Markdown, offers its menus and walkthrough, and has an icon', async () => {
  await withVsCode('polish', makeWorkspace(), async (vs) => {
    await vs.openFile(DOCS);

    // Bold and italic inside `///` are drawn so (Monaco's mtkb / mtki classes).
    const prose = vs.page.locator('.view-line', { hasText: 'Every shape has an' });
    await expect.poll(() => prose.locator('span > span.mtkb', { hasText: 'area' }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await prose.locator('span > span.mtki', { hasText: 'never negative' }).count()).toBeGreaterThan(0);
    await vs.shot('doc-comment-markdown');

    // Hover renders the block comment's list as a list.
    const use = vs.page.locator('.view-line', { hasText: 'middle: func(a: point' }).last().locator('span > span', { hasText: /^point$/ }).first();
    await use.hover();
    const hover = vs.page.locator('.monaco-hover-content', { hasText: 'A point on the plane' }).first();
    await hover.waitFor({ timeout: 60_000 });
    expect(await hover.locator('li').count()).toBe(2);
    expect(await hover.locator('li code').first().textContent()).toBe('x');
    await vs.shot('hover-markdown');
    await vs.page.keyboard.press('Escape');

    // The status bar item opens a menu; hiding code lenses takes them away.
    await expect.poll(() => vs.page.locator('.codelens-decoration').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const status = vs.page.locator('.statusbar-item[id="wit-analyzer.wit-analyzer.status"], .statusbar-item[aria-label*="wit-analyzer is"]').first();
    await status.click();
    const picks = await menuLabels(vs, '.quick-input-list .monaco-list-row');
    expect(picks.join(' | ')).toMatch(/Restart Server.*Show Output.*Check Workspace.*Hide Code Lenses/);
    await vs.shot('status-menu');
    await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Hide Code Lenses' }).click();
    await expect.poll(() => vs.page.locator('.codelens-decoration').count(), { timeout: 30_000 }).toBe(0);
    await vs.shot('lenses-hidden');
    await status.click();
    await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Code Lenses' }).click();
    await expect.poll(() => vs.page.locator('.codelens-decoration').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    // Right-click in the editor and on the file in the Explorer.
    await vs.page.locator('.monaco-editor .view-lines').first().click({ button: 'right' });
    const editorMenu = (await menuLabels(vs, '.context-view .action-label')).join(' | ');
    expect(editorMenu).toContain('Build Component');
    expect(editorMenu).toContain('Run Export…');
    expect(editorMenu).toContain('Check Workspace');
    await vs.shot('editor-context-menu');
    await vs.page.keyboard.press('Escape');
    const row = vs.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'docs.wit' }).first();
    await row.click({ button: 'right' });
    const explorerMenu = (await menuLabels(vs, '.context-view .action-label')).join(' | ');
    expect(explorerMenu).toContain('Check Workspace');
    expect(explorerMenu).toContain('Show Breaking Changes Against…');
    await vs.shot('explorer-context-menu');
    await vs.page.keyboard.press('Escape');
    // The .wit file's icon in the Explorer is ours.
    const icon = await row.locator('.monaco-icon-label').first().evaluate((e) => getComputedStyle(e, '::before').backgroundImage);
    expect(icon).toContain('wit-file.svg');

    // The walkthrough, from a WIT file to a first ▶ Run.
    await vs.command('Welcome: Open Walkthrough...');
    await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with WIT' }).first().click();
    await vs.page.locator('.gettingStartedContainer', { hasText: 'Run an export' }).first().waitFor({ timeout: 30_000 });
    await vs.shot('walkthrough');

    // The extension page: its icon and the README's images load.
    await vs.page.keyboard.press('Control+Shift+X');
    // The installed extensions are listed when the view opens.
    await vs.page.locator('.extension-list-item', { hasText: 'WIT (wit-analyzer)' }).first().click({ timeout: 30_000 });
    const header = vs.page.locator('.extension-editor .header .icon').first();
    await header.waitFor({ timeout: 30_000 });
    await expect.poll(() => header.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => readmeImages(vs), { timeout: 60_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^loaded ▶ Run: the result inline/)]));
    const images = await readmeImages(vs);
    expect(images.filter((i) => i.startsWith('broken')), images.join('\n')).toEqual([]);
    await vs.shot('extension-page');
  });
});

/** Each README image of the extension page, `loaded <alt>` or `broken <alt> (<src>)`. */
async function readmeImages(vs: VsCode): Promise<string[]> {
  const found: string[] = [];
  for (const frame of vs.page.frames()) {
    const images = await frame
      .evaluate(() =>
        Array.from(document.images)
          .filter((i) => i.closest('.readme, body') !== null && i.alt !== '')
          .map((i) => (i.complete && i.naturalWidth > 0 ? `loaded ${i.alt}` : `broken ${i.alt} (${i.src.slice(0, 120)})`)),
      )
      .catch(() => [] as string[]);
    found.push(...images);
  }
  return found;
}
