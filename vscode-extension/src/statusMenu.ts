/**
 * What the status bar item's menu offers, kept apart from the `vscode` API so
 * it is unit-tested; `statusBar.ts` shows it as a quick pick.
 */

import { ClientCommand, type CapabilitySwitch } from './protocol';
import type { ServerState } from './statusText';

export interface MenuItem {
  label: string;
  detail: string;
  command: string;
}

export function menuItems(s: { state: ServerState; lensesOn: boolean }): MenuItem[] {
  const running = s.state === 'running';
  const items: MenuItem[] = [
    running || s.state === 'starting'
      ? { label: '$(debug-restart) Restart Server', detail: 'Stop the language server and start it again', command: ClientCommand.restartServer }
      : { label: '$(debug-start) Start Server', detail: 'Start the language server', command: ClientCommand.restartServer },
    { label: '$(output) Show Output', detail: "The server's log", command: ClientCommand.showOutput },
  ];
  if (running) {
    items.push({ label: '$(checklist) Check Workspace', detail: 'Check every WIT file and list the problems', command: ClientCommand.checkWorkspace });
  }
  items.push(
    s.lensesOn
      ? { label: '$(eye-closed) Hide Code Lenses', detail: '▶ Build, ▶ Run and reference counts above WIT items', command: ClientCommand.toggleLenses }
      : { label: '$(eye) Show Code Lenses', detail: '▶ Build, ▶ Run and reference counts above WIT items', command: ClientCommand.toggleLenses },
  );
  return items;
}

/** The `wit-analyzer.disable` list with code lenses switched the other way. */
export function toggledLenses(disable: readonly CapabilitySwitch[]): CapabilitySwitch[] {
  return disable.includes('codeLens') ? disable.filter((c) => c !== 'codeLens') : [...disable, 'codeLens'];
}
