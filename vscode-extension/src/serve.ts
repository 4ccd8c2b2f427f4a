/**
 * ▶ Serve, ■ Stop and "WIT: Send Request…": serve a world's HTTP component
 * on the server (a free loopback port), stream its request log into an
 * output channel, and send it requests from the editor.
 */

import * as vscode from 'vscode';
import type { Session } from './client';
import { METHODS, parseHeaders, requestUrl, responseText, takesBody } from './httpRequest';
import { pickLens } from './lensPicker';
import { ClientCommand, ServerCommand, type SendRequestArgs, type ServeParams, type ServeResult } from './protocol';

/** Responses open as read-only documents of this scheme: nothing to save, nothing asks to be saved. */
const RESPONSE_SCHEME = 'wit-analyzer-response';

export class ServeWorld implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('wit-analyzer: Serve');
  /** World → URL of what this window started serving. */
  private readonly served = new Map<string, string>();
  /** The last request typed, offered again next time. */
  private last = { method: 'GET', path: '/', headers: '', body: '' };
  private readonly subscription: vscode.Disposable;
  /** The text of each response document, by its URI. */
  private readonly responses = new Map<string, string>();
  private responseCount = 0;

  constructor(private readonly session: Session) {
    const log = session.onServeLog((l) => this.channel.appendLine(`[${l.world}] ${l.text}`));
    const provider = vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, {
      provideTextDocumentContent: (uri) => this.responses.get(uri.toString()) ?? '',
    });
    this.subscription = vscode.Disposable.from(log, provider);
  }

  /** The command behind ▶ Serve; from the palette it offers the Serve lenses of the active file. */
  async serve(params?: ServeParams): Promise<void> {
    const target =
      params ?? (await pickLens<ServeParams>(this.session, ClientCommand.serveWorld, 'world to serve', (p) => ({ label: p.world, description: '' })));
    if (target === undefined) return;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Building and serving ${target.world}…` },
      () => this.session.executeCommand<ServeResult>(ServerCommand.serve, [target]),
    );
    if (!result.ok || result.url === undefined) {
      const choice = await vscode.window.showErrorMessage(`Cannot serve ${target.world}: ${result.error ?? 'see the output'}`, 'Show Output');
      if (choice !== undefined) this.session.output.show(true);
      return;
    }
    this.served.set(target.world, result.url);
    this.channel.appendLine(`▶ serving ${target.world} at ${result.url} (${result.handler ?? 'HTTP'}; a fresh instance per request)`);
    this.channel.show(true);
    const choice = await vscode.window.showInformationMessage(`Serving ${target.world} at ${result.url}`, 'Open in Browser', 'Send Request…');
    if (choice === 'Open in Browser') await vscode.env.openExternal(vscode.Uri.parse(result.url));
    else if (choice === 'Send Request…') await this.sendRequest({ world: target.world, url: result.url });
  }

  async stop(params?: { world: string }): Promise<void> {
    const world = params?.world ?? (await this.pickServed())?.world;
    if (world === undefined) return;
    await this.session.executeCommand(ServerCommand.stopServing, [{ world }]);
    this.served.delete(world);
    this.channel.appendLine(`■ stopped serving ${world}`);
    void vscode.window.showInformationMessage(`Stopped serving ${world}.`);
  }

  /** Asks for method, path, headers and body, sends the request, and shows the response beside the editor. */
  async sendRequest(target?: SendRequestArgs): Promise<void> {
    const to = target ?? (await this.pickServed());
    if (to === undefined) return;
    const method = await vscode.window.showQuickPick([...METHODS], { title: `Send Request to ${to.url}`, placeHolder: `Method (last: ${this.last.method})` });
    if (method === undefined) return;
    const path = await vscode.window.showInputBox({ title: `${method} ${to.url}…`, prompt: 'Path and query', value: this.last.path, ignoreFocusOut: true });
    if (path === undefined) return;
    const headersText = await vscode.window.showInputBox({
      title: `${method} ${path}`,
      prompt: 'Headers, e.g. x-name: Ada; content-type: text/plain (empty for none)',
      value: this.last.headers,
      ignoreFocusOut: true,
      validateInput: (text) => {
        try {
          parseHeaders(text);
          return undefined;
        } catch (e) {
          return e instanceof Error ? e.message : String(e);
        }
      },
    });
    if (headersText === undefined) return;
    let body: string | undefined;
    if (takesBody(method)) {
      body = await vscode.window.showInputBox({ title: `${method} ${path}`, prompt: 'Body (empty for none)', value: this.last.body, ignoreFocusOut: true });
      if (body === undefined) return;
    }
    this.last = { method, path, headers: headersText, body: body ?? this.last.body };

    const url = requestUrl(to.url, path);
    const started = performance.now();
    let response: Response;
    try {
      const init: RequestInit = { method, headers: parseHeaders(headersText) };
      if (body !== undefined && body !== '') init.body = body;
      response = await fetch(url, init);
    } catch (e) {
      throw new Error(`${method} ${url} failed: ${e instanceof Error ? e.message : String(e)} (is ${to.world} still served?)`);
    }
    const text = await response.text();
    const ms = performance.now() - started;
    const shown = responseText({ method, url, status: response.status, statusText: response.statusText, headers: [...response.headers.entries()], body: text, ms });
    this.channel.appendLine(`→ ${method} ${url}: ${response.status} in ${ms.toFixed(1)} ms`);
    this.responseCount++;
    const uri = vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/${method} response ${this.responseCount}` });
    this.responses.set(uri.toString(), shown);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  private async pickServed(): Promise<SendRequestArgs | undefined> {
    const all = [...this.served].map(([world, url]) => ({ world, url }));
    if (all.length === 0) throw new Error('nothing is being served: click ▶ Serve above a world that exports an HTTP handler first');
    if (all.length === 1) return all[0];
    const picked = await vscode.window.showQuickPick(
      all.map((s) => ({ label: s.world, description: s.url, s })),
      { title: 'Served world' },
    );
    return picked?.s;
  }

  dispose(): void {
    this.subscription.dispose();
    this.channel.dispose();
  }
}
