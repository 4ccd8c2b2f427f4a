/** The status bar item: server state and problem count; a click opens its menu. */

import * as vscode from 'vscode';
import type { Session } from './client';
import { ClientCommand } from './protocol';
import { menuItems } from './statusMenu';
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
    item.command = ClientCommand.statusMenu;
    item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };
  render();
  const menu = async (): Promise<void> => {
    const disabled = vscode.workspace.getConfiguration('wit-analyzer').get<string[]>('disable') ?? [];
    const items = menuItems({ state, lensesOn: !disabled.includes('codeLens') });
    const picked = await vscode.window.showQuickPick(items, { title: 'wit-analyzer', placeHolder: statusText(state, session.problemCount(), detail).tooltip });
    if (picked !== undefined) await vscode.commands.executeCommand(picked.command);
  };
  return vscode.Disposable.from(
    item,
    vscode.commands.registerCommand(ClientCommand.statusMenu, menu),
    session.onDidChangeState((e) => {
      state = e.state;
      detail = e.detail;
      render();
    }),
    vscode.languages.onDidChangeDiagnostics(render),
  );
}
