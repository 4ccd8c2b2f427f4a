/**
 * Needs a Rust toolchain with wasm32-wasip2: builds the Rust guest, then runs
 * what a person would try next. A WAVE mistake is shown under what was typed;
 * a resource is made by its constructor and used by its methods in one
 * session, passing the handle `1`; a guest that loops is stopped with Cancel
 * long before its timeout.
 */

import { expect, it } from 'vitest';
import { inlineTexts } from '../buildRun';
import { withVsCode, type VsCode } from '../vscode';
import { makeWorkspace } from '../workspace';

const FILE = 'guest-rust/wit/guest.wit';

/**
 * Clicks the ▶ Run lens above `line` (of world guest: world polyglot exports
 * the same interfaces, and their lenses name their worlds), types `args`
 * into the prompt after checking it, and presses Enter.
 */
async function runAbove(vs: VsCode, line: string, args: string, check?: (title: string, prompt: string) => void): Promise<void> {
  await vs.revealLine(FILE, line);
  const title = line.startsWith('export ') ? '▶ Run' : '▶ Run in guest';
  await (await vs.lensAbove(line, title)).click();
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor();
  const promptTitle = (await vs.page.locator('.quick-input-widget .quick-input-title').textContent()) ?? '';
  const prompt = (await vs.page.locator('.quick-input-widget .quick-input-message').textContent()) ?? '';
  check?.(promptTitle, prompt);
  await input.fill(args);
  await vs.shot(`prompt-${line.split(/[:(]/)[0]}`);
  await vs.page.keyboard.press('Enter');
}

/** How many times `text` is in the Run output. */
async function count(vs: VsCode, text: string): Promise<number> {
  return (await vs.outputText()).split(text).length - 1;
}

it(
  'runs a resource from its constructor to its methods in one session, and cancels a guest that loops',
  async () => {
    await withVsCode(
      'run-session',
      makeWorkspace(),
      async (vs) => {
        await vs.openFile(FILE);
        await vs.revealLine(FILE, 'world guest {');
        await (await vs.lensAbove('world guest {', '▶ Build', 90_000)).click();
        await vs.page.locator('.notification-toast', { hasText: /Built \S+ in \d/ }).waitFor({ timeout: 600_000 });
        await vs.page.locator('.notification-toast .codicon-notifications-clear').first().click().catch(() => undefined);

        // A WAVE mistake: the signature is the prompt's title, the caret goes under what was typed.
        await runAbove(vs, 'export greet:', '(world)', (title) => expect(title).toContain('greet: func(name: string) -> string'));
        await expect.poll(() => vs.outputText(), { timeout: 60_000 }).toContain('arguments: (world)');
        // Lines run together in the panel's text: the caret line's 14 spaces put `^^^^^` under `world`.
        expect(await vs.outputText(), 'the caret is under `world`').toMatch(/ {2}arguments: \(world\) {14}\^{5}(?!\^)/);
        expect(await count(vs, 'arguments: (world)'), 'one run, shown once').toBe(1);
        await vs.shot('caret-under-the-typed-arguments');

        // The constructor returns handle 1; the prompt says a new session starts.
        await runAbove(vs, 'constructor(currency', '("EUR")', (title, prompt) => {
          expect(title).toContain('cart: constructor(currency: string)');
          expect(prompt).toContain('new session');
        });
        await expect.poll(() => vs.outputText(), { timeout: 60_000 }).toContain('handles: 1 = cart from [constructor]cart("EUR")');
        await expect.poll(() => inlineTexts(vs)).toContainEqual(expect.stringContaining('→ 1'));
        await vs.shot('constructor-returned-handle-1');

        // Its methods take the handle first; the prompt lists it.
        await runAbove(vs, 'add: func(item: line-item)', '(1, {name: "tea", price: {cents: 250, currency: "EUR"}, quantity: 2})', (title, prompt) => {
          expect(title).toContain('cart.add: func(self: borrow<cart>, item: line-item)');
          expect(prompt).toContain('In session: 1 = cart');
        });
        await expect.poll(() => vs.outputText(), { timeout: 60_000 }).toContain('session: continued');
        await runAbove(vs, 'total: func() -> money', '(1)');
        await expect.poll(() => vs.outputText(), { timeout: 60_000 }).toContain('result: {cents: 500, currency: "EUR"}');
        await vs.page.waitForTimeout(1_000);
        expect(await count(vs, 'result: {cents: 500, currency: "EUR"}'), 'shown once').toBe(1);
        await vs.shot('method-result-in-session');

        // A guest that never returns: Cancel stops it, though the timeout is two minutes away.
        await runAbove(vs, 'spin: func();', '()');
        const toast = vs.page.locator('.notification-toast', { hasText: 'Running' });
        await toast.waitFor({ timeout: 30_000 });
        await vs.shot('running-with-cancel');
        await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
        await expect.poll(() => vs.outputText(), { timeout: 20_000 }).toContain('error: the run was cancelled after');
        await vs.shot('cancelled');
      },
      { settings: { 'wit-analyzer.run.timeoutMs': 120_000 } },
    );
  },
  900_000,
);
