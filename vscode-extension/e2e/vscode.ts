/**
 * One real VS Code per case: code-server on a free loopback port with a fresh
 * user-data directory, the extension installed by globalSetup, and headless
 * Chromium driving the workbench. Every helper waits for what a person would
 * see, and `shot` saves a screenshot of each step.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { chromiumBin, codeServerBin, extensionsDir, outputDir } from './paths';

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
};

export interface OpenOptions {
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** False opens the folder untrusted (Restricted Mode). */
  trusted?: boolean;
}

export class VsCode {
  private step = 0;

  private constructor(
    private readonly server: ChildProcess,
    private readonly browser: Browser,
    readonly page: Page,
    readonly shotsDir: string,
    readonly workspace: string,
  ) {}

  /**
   * Starts VS Code on `workspace`; screenshots go to `<outputDir>/<caseName>/`.
   * An untrusted workspace opens in Restricted Mode without the trust prompt.
   */
  static async open(caseName: string, workspace: string, options: OpenOptions = {}): Promise<VsCode> {
    const settings = { ...(options.settings ?? {}), ...(options.trusted === false ? { 'security.workspace.trust.startupPrompt': 'never' } : {}) };
    const caseDir = path.join(outputDir, caseName);
    const userDataDir = path.join(caseDir, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));

    const port = await freePort();
    const logFile = path.join(caseDir, 'code-server.log');
    const log = fs.openSync(logFile, 'w');
    const server = spawn(
      codeServerBin,
      [
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        ...(options.trusted === false ? [] : ['--disable-workspace-trust']),
        '--bind-addr', `127.0.0.1:${port}`,
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
      ],
      { stdio: ['ignore', log, log] },
    );
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`, server, 60_000).catch((e: unknown) => {
      server.kill('SIGTERM');
      throw new Error(`${e instanceof Error ? e.message : String(e)}; see ${logFile}`);
    });

    const browser = await chromium.launch({
      executablePath: chromiumBin,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer shows the folder once the workbench has restored.
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    return new VsCode(server, browser, page, caseDir, workspace);
  }

  async shot(name: string): Promise<string> {
    this.step++;
    const file = path.join(this.shotsDir, `${String(this.step).padStart(2, '0')}-${name}.png`);
    // Notifications and hovers slide in; let them finish so the picture shows what was checked.
    await this.page.waitForTimeout(400);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Quick Open (Ctrl+P) a workspace-relative path, and wait for its tab. */
  async openFile(relPath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relPath);
    await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.activeTab(path.basename(relPath)).waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  activeTab(fileName: string) {
    return this.page.locator(`.tab.active[aria-label^="${fileName}"]`);
  }

  /** Ctrl+G to a 1-based line and column. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Scrolls to the first line of `relPath` (open in the active editor) that starts, after indentation, with `text`. */
  async revealLine(relPath: string, text: string): Promise<void> {
    const lines = fs.readFileSync(path.join(this.workspace, relPath), 'utf8').split('\n');
    const index = lines.findIndex((l) => l.trimStart().startsWith(text));
    if (index < 0) throw new Error(`no line starting with ${JSON.stringify(text)} in ${relPath}`);
    await this.goTo(index + 1, 1);
  }

  /**
   * The code lens titled `title` drawn just above the visible line that starts
   * with `lineText`; waits up to `timeoutMs` for the server to provide it.
   */
  async lensAbove(lineText: string, title: string, timeoutMs = 30_000): Promise<Locator> {
    const line = this.page.locator('.view-line').filter({ hasText: lineText }).first();
    await line.waitFor({ timeout: timeoutMs });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lineTop = (await line.boundingBox())?.y ?? 0;
      const lenses = this.page.locator('.codelens-decoration a', { hasText: title });
      let best: { index: number; gap: number } | undefined;
      for (let i = 0; i < (await lenses.count()); i++) {
        const box = await lenses.nth(i).boundingBox();
        if (box === null) continue;
        const gap = lineTop - (box.y + box.height);
        // A lens sits in the view zone right above its line.
        if (gap >= -2 && gap < box.height * 2 && (best === undefined || gap < best.gap)) best = { index: i, gap };
      }
      if (best !== undefined) return lenses.nth(best.index);
      if (Date.now() > deadline) throw new Error(`no ${title} lens above the line ${JSON.stringify(lineText)} within ${timeoutMs} ms`);
      await this.page.waitForTimeout(500);
    }
  }

  /** Runs a command by its palette title (F1). */
  async command(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** The text of the output channel shown in the panel (Monaco draws spaces as no-break spaces). */
  async outputText(): Promise<string> {
    const text = await this.page.locator('.output-view, .panel .monaco-editor').first().textContent();
    return (text ?? '').replace(/\u00a0/g, ' ');
  }

  /** The text of the status bar, item by item. */
  async statusBarItems(): Promise<string[]> {
    return this.page.locator('.statusbar-item').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? i.textContent ?? ''));
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    this.server.kill('SIGTERM');
  }
}

/** Cleans up after a failed case too, so a hung code-server never outlives the run. */
export async function withVsCode(caseName: string, workspace: string, f: (vs: VsCode) => Promise<void>, options?: OpenOptions): Promise<void> {
  const vs = await VsCode.open(caseName, workspace, options);
  try {
    await f(vs);
  } catch (e) {
    await vs.shot('failure').catch(() => undefined);
    throw e;
  } finally {
    await vs.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHttp(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode} before serving ${url}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not serve ${url} within ${timeoutMs} ms`);
}
