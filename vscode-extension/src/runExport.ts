/**
 * ▶ Run: ask for the arguments (pre-filled with the last ones used for this
 * export, else the server's WAVE template), run on the server, and show the
 * outcome in the run output channel and inline next to the function.
 */

import * as vscode from 'vscode';
import type { Session } from './client';
import { executeWithCancel } from './cancellable';
import { InlineResults } from './inlineResults';
import { pickLens } from './lensPicker';
import { ClientCommand, ServerCommand, type EndSessionParams, type RunLensArgs, type RunParams, type RunResult, type SessionState } from './protocol';
import { RunArgsMemory } from './runArgsMemory';
import { inlineText, outputText, promptText, promptTitle } from './runResultText';

/** A run still going after this long gets a notification with a Cancel button. */
const RUN_NOTIFY_AFTER_MS = 500;

export class RunExport implements vscode.Disposable {
  private readonly memory: RunArgsMemory;
  private readonly inline = new InlineResults();
  /**
   * The lens and arguments of each export's latest run, for results that come as notifications.
   * The server both answers the command and sends the notification; `shown` keeps the second out.
   */
  private readonly pending = new Map<string, { lens: RunLensArgs; args: string; shown: boolean }>();
  /** Each world's session as its last run in session left it. */
  private readonly sessions = new Map<string, SessionState>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly session: Session,
    private readonly channel: vscode.OutputChannel,
    state: vscode.Memento,
  ) {
    this.memory = new RunArgsMemory(state);
    this.subscription = session.onRunResult((r) => this.show(r));
  }

  /**
   * The command behind the ▶ Run lens; from the palette it offers the lenses of the active file.
   * A resource's functions always run in the world's session; `inSession` runs any export there.
   */
  async run(lens?: RunLensArgs, inSession = false): Promise<void> {
    const target =
      lens ??
      (await pickLens<RunLensArgs>(this.session, ClientCommand.runExport, 'export to run', (r) => ({ label: r.export, description: `${r.signature === undefined ? '' : `${r.signature}  `}(world ${r.world})` })));
    if (target === undefined) return;
    const session = inSession || target.session === true;
    const args = await vscode.window.showInputBox({
      title: promptTitle(target),
      prompt: promptText(session, this.sessions.get(target.world)),
      value: this.memory.initialArgs(target, target.template),
      ignoreFocusOut: true,
    });
    if (args === undefined) return;
    await this.memory.remember(target, args);
    this.pending.set(keyOf(target), { lens: target, args, shown: false });

    const params: RunParams = { uri: target.uri, world: target.world, export: target.export, args, ...(session ? { session } : {}) };
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Running ${target.export}` }, () =>
      executeWithCancel<RunResult | null>(this.session, ServerCommand.run, [params], `Running ${target.export}`, RUN_NOTIFY_AFTER_MS),
    );
    if (result !== null && result !== undefined) this.show(result);
  }

  /** Ends a world's session: the one given, the only one, or one the user picks. */
  async endSession(world?: string): Promise<void> {
    const worlds = [...this.sessions.keys()];
    const target = world ?? (worlds.length <= 1 ? worlds[0] : await vscode.window.showQuickPick(worlds, { title: 'End the run session of' }));
    if (target === undefined) {
      void vscode.window.showInformationMessage('No run session to end.');
      return;
    }
    const params: EndSessionParams = { world: target };
    await this.session.executeCommand<{ ended: boolean }>(ServerCommand.endSession, [params]);
    this.sessions.delete(target);
    this.channel.appendLine(`■ session of ${target} ended; its handles are gone`);
    this.channel.appendLine('');
  }

  /**
   * After a failed build of `world` (or of the worlds of `uri`, when the build
   * named none) the results shown next to its functions are of a component
   * that no longer matches the code: they go.
   */
  forgetResults(world: string | undefined, uri: string): void {
    for (const { lens } of this.pending.values()) {
      if (world === undefined ? lens.uri === uri : lens.world === world) this.inline.clear(vscode.Uri.parse(lens.uri), lens.range.start.line);
    }
  }

  private show(result: RunResult): void {
    const run = this.pending.get(keyOf(result));
    if (run?.shown === true) return;
    if (run !== undefined) run.shown = true;
    if (result.session !== undefined) {
      if (result.session.alive) this.sessions.set(result.world, result.session);
      else this.sessions.delete(result.world);
    }
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
