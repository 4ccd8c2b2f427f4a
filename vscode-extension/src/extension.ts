/** Activation: wires the session, status bar, commands and setting changes together. */

import * as vscode from 'vscode';
import { Session } from './client';
import { registerCommands } from './commands';
import { BindingsPreviews } from './bindingsPreview';
import { registerComponentViews } from './componentView';
import { registerCompose } from './compose';
import { settingChange } from './config';
import { RunExport } from './runExport';
import { ServeWorld } from './serve';
import { createStatusBar } from './statusBar';

let session: Session | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('wit-analyzer', { log: true });
  const runChannel = vscode.window.createOutputChannel('wit-analyzer: Run');
  session = new Session(context, output);
  const runExport = new RunExport(session, runChannel, context.workspaceState);
  const serveWorld = new ServeWorld(session);
  const s = session;
  context.subscriptions.push(
    output,
    runChannel,
    s,
    runExport,
    serveWorld,
    createStatusBar(s),
    registerCommands(s, runExport, serveWorld, runChannel),
    registerComponentViews(s),
    new BindingsPreviews(s),
    registerCompose(s),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const change = settingChange((section) => e.affectsConfiguration(section));
      if (change === 'restart') void s.restart();
      else if (change === 'send') void s.sendSettings();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void s.sendSettings()),
  );
  await s.start();
}

export async function deactivate(): Promise<void> {
  await session?.stop();
}
