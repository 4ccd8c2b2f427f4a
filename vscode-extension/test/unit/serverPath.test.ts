import { describe, expect, it } from 'vitest';
import { locateServer, type LocateInput } from '../../src/serverPath';

function input(files: string[], over: Partial<LocateInput> = {}): LocateInput {
  return {
    extensionDir: '/ext',
    platform: 'linux',
    arch: 'x64',
    envPath: '/usr/local/bin:/opt/wit/bin',
    isFile: (p) => files.includes(p),
    ...over,
  };
}

describe('locateServer', () => {
  it('prefers the setting over the bundled binary and PATH', () => {
    const files = ['/mine/wit-analyzer', '/ext/server/wit-analyzer', '/opt/wit/bin/wit-analyzer'];
    expect(locateServer(input(files, { settingPath: '/mine/wit-analyzer' }))).toEqual({ ok: true, path: '/mine/wit-analyzer', source: 'setting' });
  });

  it('fails with the bad path when the setting names no file, without falling back', () => {
    const r = locateServer(input(['/ext/server/wit-analyzer'], { settingPath: '/typo/wit-analyzer' }));
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toContain('"/typo/wit-analyzer"');
  });

  it('uses the bundled binary before PATH', () => {
    const files = ['/ext/server/wit-analyzer', '/opt/wit/bin/wit-analyzer'];
    expect(locateServer(input(files))).toEqual({ ok: true, path: '/ext/server/wit-analyzer', source: 'bundled' });
  });

  it('searches PATH in order', () => {
    const files = ['/opt/wit/bin/wit-analyzer'];
    expect(locateServer(input(files))).toEqual({ ok: true, path: '/opt/wit/bin/wit-analyzer', source: 'path' });
  });

  it('looks for the .exe on Windows', () => {
    const r = locateServer(input(['C:\\tools/wit-analyzer.exe'], { platform: 'win32', envPath: 'C:\\tools;C:\\other' }));
    expect(r).toEqual({ ok: true, path: 'C:\\tools/wit-analyzer.exe', source: 'path' });
  });

  it('says how to fix it when nothing is found', () => {
    const r = locateServer(input([], { platform: 'darwin', arch: 'arm64' }));
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.message;
    expect(message).toContain('darwin-arm64');
    expect(message).toContain('cargo install');
    expect(message).toContain('wit-analyzer.server.path');
  });
});
