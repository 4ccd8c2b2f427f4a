/**
 * The commands in the palette and behind the code lenses. Each one reports its
 * failure as an error message instead of throwing into VS Code.
 */

import * as vscode from 'vscode';
import { errorMessage, type Session } from './client';
import {
  ClientCommand,
  ServerCommand,
  type BreakingChangesParams,
  type BreakingChangesResult,
  type BuildParams,
  type BuildResult,
  type CapabilitySwitch,
  type CheckSummary,
  type RunLensArgs,
  type SendRequestArgs,
  type ServeParams,
} from './protocol';
import { executeWithCancel } from './cancellable';
import { pickLens } from './lensPicker';
import { parseShowReferencesArgs, SHOW_REFERENCES } from './showReferences';
import type { RunExport } from './runExport';
import type { ServeWorld } from './serve';
import { formatDuration } from './runResultText';
import { plural } from './statusText';
import { toggledLenses } from './statusMenu';

export function registerCommands(session: Session, runExport: RunExport, serveWorld: ServeWorld, runChannel: vscode.OutputChannel): vscode.Disposable {
  const register = (id: string, f: (...args: never[]) => Promise<void>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        await f(...args);
      } catch (e) {
        void vscode.window.showErrorMessage(`wit-analyzer: ${errorMessage(e)}`);
      }
    });

  return vscode.Disposable.from(
    register(ClientCommand.restartServer, () => session.restart()),
    register(ClientCommand.showOutput, async () => session.output.show()),
    register(ClientCommand.buildComponent, async (arg?: BuildParams | vscode.Uri) => {
      requireTrust('Build Component');
      const params = await fromContextMenu(arg);
      const target =
        params ?? (await pickLens<BuildParams>(session, ClientCommand.buildComponent, 'world to build', (b) => ({ label: b.world ?? b.uri, description: '' })));
      if (target !== undefined) await build(session, runChannel, target, runExport);
    }),
    register(ClientCommand.runExport, async (lens?: RunLensArgs | vscode.Uri) => {
      requireTrust('Run Export');
      await runExport.run(await fromContextMenu(lens));
    }),
    register(ClientCommand.runInSession, async (lens?: RunLensArgs | vscode.Uri) => {
      requireTrust('Run Export in Session');
      await runExport.run(await fromContextMenu(lens), true);
    }),
    register(ClientCommand.endRunSession, (params?: { world: string }) => runExport.endSession(params?.world)),
    register(ClientCommand.serveWorld, async (params?: ServeParams | vscode.Uri) => {
      requireTrust('Serve');
      await serveWorld.serve(await fromContextMenu(params));
    }),
    register(ClientCommand.stopServing, (params?: { world: string }) => serveWorld.stop(params)),
    register(ClientCommand.sendRequest, (args?: SendRequestArgs) => serveWorld.sendRequest(args)),
    register(ClientCommand.checkWorkspace, () => checkWorkspace(session)),
    register(ClientCommand.toggleLenses, () => toggleLenses()),
    register(ClientCommand.showBreakingChanges, () => showBreakingChanges(session)),
    register(ClientCommand.clearBreakingChanges, async () => {
      await session.executeCommand<{ cleared: boolean }>(ServerCommand.clearBreakingChanges, []);
    }),
    register(SHOW_REFERENCES, (...args: unknown[]) => showReferences(session, args)),
  );
}

/** The click on "N references": VS Code's own view, which wants its own object types. */
async function showReferences(session: Session, args: unknown[]): Promise<void> {
  const { uri, position, locations } = parseShowReferencesArgs(args);
  const convert = session.runningClient().protocol2CodeConverter;
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    convert.asUri(uri),
    convert.asPosition(position),
    locations.map((l) => convert.asLocation(l)),
  );
}

/**
 * A command from a right-click menu gets the file's URI: the file is shown,
 * and the command then acts on it as from the palette on the active file.
 */
async function fromContextMenu<T>(arg: T | vscode.Uri | undefined): Promise<T | undefined> {
  if (!(arg instanceof vscode.Uri)) return arg;
  await vscode.window.showTextDocument(arg, { preview: false });
  return undefined;
}

function requireTrust(what: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new Error(`${what} is disabled in an untrusted workspace, because it compiles and runs code from it. Trust the workspace to use it.`);
  }
}

async function build(session: Session, channel: vscode.OutputChannel, params: BuildParams, runExport: RunExport): Promise<void> {
  const what = params.world ?? vscode.workspace.asRelativePath(vscode.Uri.parse(params.uri));
  const result = await executeWithCancel<BuildResult>(session, ServerCommand.build, [params], `Building ${what}…`, 0);
  // The component's path is in the output, so which guest was built stays on record after the notification is gone.
  const built = result.ok && result.component !== undefined ? ` → ${vscode.workspace.asRelativePath(result.component)}` : '';
  channel.appendLine(`▶ build ${what}: ${result.ok ? 'ok' : 'failed'} in ${formatDuration(result.durationMs)}${built}`);
  if (result.log !== '') channel.appendLine(result.log);
  if (result.ok) {
    void vscode.window.showInformationMessage(`Built ${what} in ${formatDuration(result.durationMs)}: ${result.component ?? ''}`);
  } else {
    runExport.forgetResults(params.world, params.uri);
    const choice = await vscode.window.showErrorMessage(`Build of ${what} failed: ${result.error ?? 'see the output'}`, 'Show Output');
    if (choice !== undefined) channel.show(true);
  }
}

/** Code lenses on or off, where the setting is set (the workspace's, else the user's). */
async function toggleLenses(): Promise<void> {
  const config = vscode.workspace.getConfiguration('wit-analyzer');
  const inspected = config.inspect<CapabilitySwitch[]>('disable');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  await config.update('disable', toggledLenses(current), target);
}

async function checkWorkspace(session: Session): Promise<void> {
  const s = await session.executeCommand<CheckSummary>(ServerCommand.checkWorkspace, []);
  void vscode.window.showInformationMessage(`Checked ${plural(s.files, 'WIT file')}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}.`);
  if (s.errors + s.warnings > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

async function showBreakingChanges(session: Session): Promise<void> {
  const configured = vscode.workspace.getConfiguration('wit-analyzer').get<string>('breakingChanges.baseline');
  const baseline = await vscode.window.showInputBox({
    title: 'Show Breaking Changes Against…',
    prompt: 'A git ref (v1.0.0, origin/main, HEAD~1) or a directory with the old WIT',
    value: configured !== undefined && configured !== '' ? configured : 'HEAD',
    ignoreFocusOut: true,
  });
  if (baseline === undefined || baseline.trim() === '') return;
  const params: BreakingChangesParams = { baseline: baseline.trim() };
  const result = await session.executeCommand<BreakingChangesResult>(ServerCommand.breakingChanges, [params]);
  session.output.info(`Breaking changes against ${result.baseline}: ${result.changes.length}`);
  for (const c of result.changes) {
    const where = `${vscode.workspace.asRelativePath(vscode.Uri.parse(c.uri))}:${c.range.start.line + 1}:${c.range.start.character + 1}`;
    session.output.info(`  ${where}: ${c.message}`);
  }
  // The server has put them into Problems, where they stay until cleared.
  if (result.changes.length > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
  const shown = result.changes.length > 0 ? ', shown in Problems' : '';
  void vscode.window
    .showInformationMessage(`${plural(result.changes.length, 'breaking change')} against ${result.baseline}${shown}.`, ...(shown !== '' ? ['Clear'] : []))
    .then((choice) => (choice === 'Clear' ? session.executeCommand(ServerCommand.clearBreakingChanges, []) : undefined));
}
