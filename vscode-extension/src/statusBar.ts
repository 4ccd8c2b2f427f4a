/** The status bar item: server state and problem count; a click shows the output. */

import * as vscode from 'vscode';
import type { Session } from './client';
import { ClientCommand } from './protocol';
import { statusText, type ServerState } from './statusText';

export function createStatusBar(session: Session): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('wit-analyzer.status', vscode.StatusBarAlignment.Left, 0);
  item.name = 'wit-analyzer';
  let state: ServerState = 'starting';
  let detail: string | undefined;

  const render = (): void => {
    const s = statusText(state, session.problemCount(), detail);
    item.text = s.text;
    item.tooltip = s.tooltip;
    item.accessibilityInformation = { label: s.tooltip };
    item.command = state === 'stopped' ? ClientCommand.restartServer : ClientCommand.showOutput;
    item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };
  render();
  return vscode.Disposable.from(
    item,
    session.onDidChangeState((e) => {
      state = e.state;
      detail = e.detail;
      render();
    }),
    vscode.languages.onDidChangeDiagnostics(render),
  );
}
