import { describe, expect, it } from 'vitest';
import { menuItems, toggledLenses } from '../../src/statusMenu';
import { ClientCommand } from '../../src/protocol';

describe('the status bar menu', () => {
  it('offers restart, output, check and the lens switch', () => {
    const items = menuItems({ state: 'running', lensesOn: true });
    expect(items.map((i) => i.command)).toEqual([ClientCommand.restartServer, ClientCommand.showOutput, ClientCommand.checkWorkspace, ClientCommand.toggleLenses]);
    expect(items.find((i) => i.command === ClientCommand.toggleLenses)?.label).toBe('$(eye-closed) Hide Code Lenses');
  });
  it('says what the switch will do when lenses are off', () => {
    const items = menuItems({ state: 'running', lensesOn: false });
    expect(items.find((i) => i.command === ClientCommand.toggleLenses)?.label).toBe('$(eye) Show Code Lenses');
  });
  it('offers a start, not a restart, when the server is stopped, and no check it cannot run', () => {
    const items = menuItems({ state: 'stopped', lensesOn: true });
    expect(items[0]?.label).toBe('$(debug-start) Start Server');
    expect(items.map((i) => i.command)).not.toContain(ClientCommand.checkWorkspace);
  });
});

describe('toggling code lenses', () => {
  it('adds codeLens to the disabled capabilities, keeping the others', () => {
    expect(toggledLenses(['hover'])).toEqual(['hover', 'codeLens']);
  });
  it('takes it out again', () => {
    expect(toggledLenses(['codeLens', 'hover'])).toEqual(['hover']);
  });
});
