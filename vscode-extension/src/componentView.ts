/**
 * "WIT: Show WIT of Component…" and the `*.wasm` editor: a component opens as
 * the read-only WIT the server decodes from it (a `wit-analyzer-component:`
 * document with hover, outline and go to definition); anything else, such as
 * a core module, opens in VS Code's own binary view.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Session } from './client';
import {
  ClientCommand,
  COMPONENT_SCHEME,
  componentWitRequest,
  type ComponentWitErrorData,
  type ComponentWitParams,
  type ComponentWitResult,
} from './protocol';

export const COMPONENT_EDITOR = 'wit-analyzer.componentWit';

/** What the server said about a `.wasm` file: its WIT, or why there is none. */
type Decoded = { ok: true; result: ComponentWitResult } | { ok: false; message: string; showOtherwise: boolean };

export class ComponentViews implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly session: Session) {
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(COMPONENT_SCHEME, {
        onDidChange: this.changed.event,
        provideTextDocumentContent: async (uri) => {
          const decoded = await this.decode(uri);
          return decoded.ok ? decoded.result.text : `// ${decoded.message}\n`;
        },
      }),
      vscode.window.registerCustomEditorProvider(COMPONENT_EDITOR, new WasmEditor(this), {
        supportsMultipleEditorsPerDocument: true,
      }),
    ];
  }

  /** The command: the component given (explorer menu, a `.wasm` tab), else one picked. */
  async showCommand(arg?: vscode.Uri): Promise<void> {
    let uri = arg instanceof vscode.Uri ? arg : activeWasm();
    if (uri === undefined) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const picked = await vscode.window.showOpenDialog({
        title: 'Show WIT of Component',
        canSelectMany: false,
        filters: { 'WebAssembly component': ['wasm', 'wat'] },
        ...(folder !== undefined ? { defaultUri: folder } : {}),
      });
      uri = picked?.[0];
    }
    if (uri !== undefined) await this.show(uri);
  }

  /** Opens the WIT of `uri`, or its default view when it is no component. */
  async show(uri: vscode.Uri, column?: vscode.ViewColumn): Promise<void> {
    const decoded = await this.decode(uri);
    if (decoded.ok) {
      const view = vscode.Uri.parse(decoded.result.uri);
      // A view shown before may show an older build of the component.
      this.changed.fire(view);
      let doc = await vscode.workspace.openTextDocument(view);
      if (doc.languageId !== 'wit') doc = await vscode.languages.setTextDocumentLanguage(doc, 'wit');
      await vscode.window.showTextDocument(doc, { ...(column !== undefined ? { viewColumn: column } : {}), preview: false });
      return;
    }
    if (decoded.showOtherwise) {
      void vscode.window.showInformationMessage(`${decoded.message}; showing the file as it is.`);
      await vscode.commands.executeCommand('vscode.openWith', uri, 'default', column);
      return;
    }
    throw new Error(decoded.message);
  }

  private async decode(uri: vscode.Uri): Promise<Decoded> {
    const params: ComponentWitParams = { uri: uri.toString() };
    try {
      const client = await runningSoon(this.session);
      const result = await client.sendRequest<ComponentWitResult>(componentWitRequest, params);
      return { ok: true, result };
    } catch (e) {
      const data = (e as { data?: ComponentWitErrorData }).data;
      const message = e instanceof Error ? e.message : String(e);
      const showOtherwise = data?.kind === 'core-module' || data?.kind === 'wit-package' || data?.kind === 'not-wasm';
      return { ok: false, message, showOtherwise };
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The `.wasm` tab itself shows nothing: it hands over to the WIT, or to the binary view. */
class WasmEditor implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly views: ComponentViews) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.html = '<!DOCTYPE html><html><body><p>Reading the component…</p></body></html>';
    const column = panel.viewColumn;
    try {
      await this.views.show(document.uri, column);
    } catch (e) {
      void vscode.window.showErrorMessage(`wit-analyzer: ${e instanceof Error ? e.message : String(e)}`);
      await vscode.commands.executeCommand('vscode.openWith', document.uri, 'default', column);
    } finally {
      panel.dispose();
    }
  }
}

/**
 * The running client, waiting for a start under way: opening a `.wasm` file
 * is what activates the extension, so the editor asks before the server runs.
 */
async function runningSoon(session: Session): Promise<LanguageClient> {
  const running = (): LanguageClient | undefined => {
    try {
      return session.runningClient();
    } catch {
      return undefined;
    }
  };
  const now = running();
  if (now !== undefined) return now;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => done(), 60_000);
    const subscription = session.onDidChangeState((e) => {
      if (e.state !== 'starting') done();
    });
    function done(): void {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
    // It may have started between the first look and the subscription.
    if (running() !== undefined) done();
  });
  return session.runningClient();
}

function activeWasm(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = tab instanceof vscode.TabInputCustom || tab instanceof vscode.TabInputText ? tab.uri : undefined;
  return uri !== undefined && /\.wasm$/i.test(uri.path) ? uri : undefined;
}

export function registerComponentViews(session: Session): vscode.Disposable {
  const views = new ComponentViews(session);
  const command = vscode.commands.registerCommand(ClientCommand.showComponentWit, async (uri?: vscode.Uri) => {
    try {
      await views.showCommand(uri);
    } catch (e) {
      void vscode.window.showErrorMessage(`wit-analyzer: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return vscode.Disposable.from(views, command);
}
