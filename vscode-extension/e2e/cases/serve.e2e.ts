/**
 * ▶ Serve on the HTTP sample (wit-samples/guest-http, a WASI 0.2 proxy built
 * with the Rust toolchain): the lens builds and serves it, Send Request… asks
 * for a request and shows the response beside the WIT, the request log goes
 * to the Serve output channel, and ■ Stop ends it.
 */

import { expect, it } from 'vitest';
import { withVsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

const FILE = 'guest-http/wit/world.wit';
const WORLD_LINE = 'world service {';

it(
  'serves the HTTP guest, sends it a request from the editor, shows the response and the log, and stops it',
  async () => {
    await withVsCode('serve', makeWorkspace(), async (vs) => {
      await vs.openFile(FILE);
      await vs.revealLine(FILE, WORLD_LINE);
      await vs.lensAbove(WORLD_LINE, '▶ Serve', 90_000);
      await vs.shot('serve-lens');

      await vs.lensAbove(WORLD_LINE, '▶ Serve').then((l) => l.click());
      // Builds the guest from scratch in the workspace copy first.
      const serving = vs.page.locator('.notification-toast', { hasText: 'Serving demo:http/service at http://127.0.0.1:' });
      await serving.waitFor({ timeout: 600_000 });
      const toast = (await serving.textContent()) ?? '';
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(toast)?.[0];
      expect(url, toast).toBeDefined();
      await vs.shot('serving');
      const stop = await vs.lensAbove(WORLD_LINE, `■ Stop ${url}`, 30_000);
      expect(await stop.isVisible()).toBe(true);

      await vs.lensAbove(WORLD_LINE, 'Send Request…').then((l) => l.click());
      const input = vs.page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('GET');
      await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'GET' }).first().waitFor();
      await vs.page.keyboard.press('Enter');
      await input.fill('/header');
      await vs.page.keyboard.press('Enter');
      await input.fill('x-name: Ada');
      await vs.shot('request-headers');
      await vs.page.keyboard.press('Enter');

      // The response opens beside the WIT: status, time, headers, body.
      const response = vs.page.locator('.editor-instance .view-lines', { hasText: '→ 200 OK in' });
      await response.waitFor({ timeout: 30_000 });
      await expect.poll(async () => ((await response.textContent()) ?? '').replace(/\u00a0/g, ' ')).toContain('x-name: Ada');
      expect(((await response.textContent()) ?? '').replace(/\u00a0/g, ' ')).toContain('content-type: text/plain');
      await expect.poll(() => vs.outputText(), { timeout: 30_000 }).toContain('GET /header 200');
      expect(await vs.outputText()).toContain('| guest: GET /header');
      await vs.shot('response');

      await vs.page.locator('.editor-instance .monaco-editor .view-lines', { hasText: WORLD_LINE }).first().click();
      await vs.lensAbove(WORLD_LINE, `■ Stop ${url}`).then((l) => l.click());
      await vs.lensAbove(WORLD_LINE, '▶ Serve', 30_000);
      const refused = await fetch(url ?? '').then(
        () => false,
        () => true,
      );
      expect(refused, 'nothing listens after ■ Stop').toBe(true);
      await vs.shot('stopped');
    });
  },
  420_000,
);
