/** Needs the server's "N references" lens and the extension's showReferences command behind it. */

import { it } from 'vitest';
import { withVsCode } from '../vscode';
import { makeWorkspace, NAV_DIR } from '../workspace';

it('clicking "N references" opens the references view on the uses', async () => {
  await withVsCode('references-lens', makeWorkspace(), async (vs) => {
    await vs.openFile(`${NAV_DIR}/names.wit`);
    const lens = await vs.lensAbove('type nickname = string;', '3 references', 60_000);
    await lens.click();
    // The peek view lists the files of the uses; greeter.wit is the other file.
    await vs.page.locator('.reference-zone-widget', { hasText: 'greeter.wit' }).first().waitFor({ timeout: 30_000 });
    await vs.shot('references-peek');
  });
});
