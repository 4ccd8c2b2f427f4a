/** Needs no server: a wrong wit-analyzer.server.path is reported with the path and the fix. */

import { expect, it } from 'vitest';
import { withVsCode } from '../vscode';
import { makeWorkspace, NAV_DIR } from '../workspace';

it('says how to fix a server path that points nowhere', async () => {
  const settings = { 'wit-analyzer.server.path': '/nonexistent/wit-analyzer' };
  await withVsCode(
    'server-missing',
    makeWorkspace(),
    async (vs) => {
      await vs.openFile(`${NAV_DIR}/names.wit`);
      const toast = vs.page.locator('.notification-toast', { hasText: '/nonexistent/wit-analyzer' });
      await toast.waitFor({ timeout: 60_000 });
      expect(await toast.textContent()).toContain('there is no file there');
      await expect.poll(async () => (await vs.statusBarItems()).join(' | ')).toContain('wit-analyzer failed');
      await vs.shot('error-names-the-setting');
    },
    { settings },
  );
});
