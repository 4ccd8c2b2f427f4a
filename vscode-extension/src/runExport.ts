/**
 * ▶ Run: ask for the arguments (pre-filled with the last ones used for this
 * export, else the server's WAVE template), run on the server, and show the
 * outcome in the run output channel and inline next to the function.
 */

import * as vscode from 'vscode';
import type { Session } from './client';
import { InlineResults } from './inlineResults';
import { pickLens } from './lensPicker';
import { ClientCommand, ServerCommand, type RunLensArgs, type RunParams, type RunResult } from './protocol';
import { RunArgsMemory } from './runArgsMemory';
import { inlineText, outputText, promptTitle } from './runResultText';

export class RunExport implements vscode.Disposable {
  private readonly memory: RunArgsMemory;
  private readonly inline = new InlineResults();
  /**
   * The lens and arguments of each export's latest run, for results that come as notifications.
   * The server both answers the command and sends the notification; `shown` keeps the second out.
   */
  private readonly pending = new Map<string, { lens: RunLensArgs; args: string; shown: boolean }>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly session: Session,
    private readonly channel: vscode.OutputChannel,
    state: vscode.Memento,
  ) {
    this.memory = new RunArgsMemory(state);
    this.subscription = session.onRunResult((r) => this.show(r));
  }

  /** The command behind the ▶ Run lens; from the palette it offers the lenses of the active file. */
  async run(lens?: RunLensArgs): Promise<void> {
    const target =
      lens ?? (await pickLens<RunLensArgs>(this.session, ClientCommand.runExport, 'export to run', (r) => ({ label: r.export, description: `world ${r.world}` })));
    if (target === undefined) return;
    const args = await vscode.window.showInputBox({
      title: promptTitle(target),
      prompt: 'Arguments as a WAVE tuple, e.g. ("world", 3)',
      value: this.memory.initialArgs(target, target.template),
      ignoreFocusOut: true,
    });
    if (args === undefined) return;
    await this.memory.remember(target, args);
    this.pending.set(keyOf(target), { lens: target, args, shown: false });

    const params: RunParams = { uri: target.uri, world: target.world, export: target.export, args };
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Running ${target.export}` },
      () => this.session.executeCommand<RunResult | null>(ServerCommand.run, [params]),
    );
    if (result !== null && result !== undefined) this.show(result);
  }

  private show(result: RunResult): void {
    const run = this.pending.get(keyOf(result));
    if (run?.shown === true) return;
    if (run !== undefined) run.shown = true;
    this.channel.appendLine(outputText(result, run?.args ?? ''));
    this.channel.appendLine('');
    // The guest's output is part of the answer, so the channel comes forward (without taking focus).
    this.channel.show(true);
    if (run !== undefined) this.inline.show(vscode.Uri.parse(run.lens.uri), run.lens.range.start.line, inlineText(result));
    if (result.error !== undefined) void vscode.window.showErrorMessage(`Run ${result.export} failed: ${result.error}`);
  }

  dispose(): void {
    this.inline.dispose();
    this.subscription.dispose();
  }
}

function keyOf(r: { uri: string; world: string; export: string }): string {
  return `${r.uri}#${r.world}#${r.export}`;
}
