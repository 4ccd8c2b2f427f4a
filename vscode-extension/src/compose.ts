/** ▶ Compose on a `.wac` document: the server writes `NAME.wasm` beside it. */

import * as vscode from 'vscode';
import type { Session } from './client';
import { ClientCommand, composeRequest, type ComposeParams, type ComposeResult } from './protocol';

export function registerCompose(session: Session): vscode.Disposable {
  return vscode.commands.registerCommand(ClientCommand.compose, async (args?: ComposeParams) => {
    try {
      const uri = args?.uri ?? activeWac();
      if (uri === undefined) throw new Error('open the .wac document to compose first');
      const result = await session.runningClient().sendRequest<ComposeResult>(composeRequest, { uri });
      const name = vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
      if (result.ok && result.output !== undefined) {
        const output = vscode.workspace.asRelativePath(vscode.Uri.parse(result.output));
        const imports = result.imports?.length ?? 0;
        void vscode.window.showInformationMessage(`Composed ${name} into ${output} (${result.size ?? 0} bytes, ${imports} imports left): exports ${(result.exports ?? []).join(', ')}`);
      } else {
        void vscode.window.showErrorMessage(`Compose of ${name} failed: ${result.errors.join('; ')}`);
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`wit-analyzer: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

function activeWac(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === 'wac' ? doc.uri.toString() : undefined;
}
