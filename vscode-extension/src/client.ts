/**
 * The language client's lifetime: start, stop, restart, and the state the
 * status bar shows. Commands reach the server through `Session.request`, so
 * they never hold on to a client that a restart replaced.
 */

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  State,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { readSettings, type Settings } from './config';
import { locateServer } from './serverPath';
import type { ServerState } from './statusText';
import { COMPONENT_SCHEME, runResultNotification, serveLogNotification, type RunResult, type ServeLog } from './protocol';
import { clientCommandsFeature } from './showReferences';

export class Session implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<{ state: ServerState; detail?: string }>();
  readonly onDidChangeState = this.stateEmitter.event;
  /** Runs the server finishes on its own report through a notification. */
  private readonly runResultEmitter = new vscode.EventEmitter<RunResult>();
  readonly onRunResult = this.runResultEmitter.event;
  private readonly serveLogEmitter = new vscode.EventEmitter<ServeLog>();
  readonly onServeLog = this.serveLogEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {}

  async start(): Promise<void> {
    this.stateEmitter.fire({ state: 'starting' });
    const settings = this.settings();
    this.reportSettingProblems(settings);
    const located = locateServer({
      settingPath: settings.serverPath,
      extensionDir: this.context.extensionPath,
      platform: process.platform,
      arch: process.arch,
      envPath: process.env.PATH,
      isFile: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
    });
    if (!located.ok) {
      this.fail(located.message, true);
      return;
    }
    this.output.info(`Starting ${located.path} (found via ${located.source})`);

    const server: ServerOptions = { command: located.path, args: settings.serverExtraArgs };
    const options: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'wit' },
        { scheme: 'untitled', language: 'wit' },
        // A component's WIT (componentView.ts), read-only.
        { scheme: COMPONENT_SCHEME, language: 'wit' },
        // WAC compositions (compose.ts): diagnostics, definition, ▶ Compose.
        { scheme: 'file', language: 'wac' },
      ],
      initializationOptions: settings.initializationOptions,
      // The server registers its own file watchers (dynamic registration).
      outputChannel: this.output,
      middleware: {
        workspace: {
          // A server that pulls its settings gets what a push would carry,
          // not VS Code's own layout of them.
          configuration: (params, token, next) =>
            params.items.some((item) => item.section === 'wit-analyzer')
              ? params.items.map((item) => (item.section === 'wit-analyzer' ? this.settings().initializationOptions : null))
              : next(params, token),
        },
      },
    };
    const client = new LanguageClient('wit-analyzer', 'wit-analyzer', server, options);
    client.registerFeature(clientCommandsFeature);
    client.onDidChangeState((e) => {
      // A client that failed or was replaced no longer speaks for the session.
      if (this.client !== client) return;
      if (e.newState === State.Running) this.stateEmitter.fire({ state: 'running' });
      else if (e.newState === State.Stopped) this.stateEmitter.fire({ state: 'stopped' });
    });
    this.client = client;
    try {
      await client.start();
      client.onNotification(runResultNotification, (r: RunResult) => this.runResultEmitter.fire(r));
      client.onNotification(serveLogNotification, (l: ServeLog) => this.serveLogEmitter.fire(l));
    } catch (e) {
      this.client = undefined;
      this.fail(`the server ${located.path} did not start: ${errorMessage(e)}`, false);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await client.dispose().catch((e: unknown) => this.output.error(`stopping the server: ${errorMessage(e)}`));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Sends changed settings (or workspace trust) to the running server. */
  async sendSettings(): Promise<void> {
    const settings = this.settings();
    this.reportSettingProblems(settings);
    if (this.client?.isRunning() !== true) return;
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: settings.initializationOptions });
  }

  /** `workspace/executeCommand` on the running server; throws a readable error otherwise. */
  async executeCommand<T>(command: string, args: unknown[]): Promise<T> {
    const client = this.runningClient();
    return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
  }

  runningClient(): LanguageClient {
    if (this.client?.isRunning() !== true) {
      throw new Error('the wit-analyzer server is not running (see WIT: Show Output, or run WIT: Restart Server)');
    }
    return this.client;
  }

  /** Errors and warnings the server currently reports, over all files. */
  problemCount(): { errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    this.client?.diagnostics?.forEach((_uri, diagnostics) => {
      for (const d of diagnostics) {
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    });
    return { errors, warnings };
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
    this.runResultEmitter.dispose();
    this.serveLogEmitter.dispose();
  }

  private settings(): Settings {
    const config = vscode.workspace.getConfiguration('wit-analyzer');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return readSettings((key) => config.get(key), vscode.workspace.isTrusted, { workspaceFolder: folder });
  }

  private reportSettingProblems(settings: Settings): void {
    for (const problem of settings.problems) {
      this.output.warn(problem);
      void vscode.window.showWarningMessage(`wit-analyzer: ${problem}`);
    }
  }

  private fail(message: string, offerSettings: boolean): void {
    this.output.error(message);
    this.stateEmitter.fire({ state: 'failed', detail: message });
    const actions = offerSettings ? ['Open Settings', 'Show Output'] : ['Show Output'];
    void vscode.window.showErrorMessage(`wit-analyzer: ${message}`, ...actions).then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'wit-analyzer.server.path');
      if (choice === 'Show Output') this.output.show();
    });
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
