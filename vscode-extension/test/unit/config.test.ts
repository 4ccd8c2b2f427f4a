import { describe, expect, it } from 'vitest';
import { readSettings, resolvePath, type SettingReader } from '../../src/config';

const reader = (values: Record<string, unknown>): SettingReader => (key) => values[key];
const ctx = { workspaceFolder: '/ws', homeDir: '/home/me' };

describe('readSettings', () => {
  it('gives the defaults when nothing is set', () => {
    const s = readSettings(reader({}), true, ctx);
    expect(s.serverPath).toBeUndefined();
    expect(s.serverExtraArgs).toEqual([]);
    expect(s.problems).toEqual([]);
    expect(s.initializationOptions).toEqual({
      trusted: true,
      features: {},
      run: { timeoutMs: 10_000, maxMemoryBytes: 512 * 1024 * 1024, dirs: [], env: {} },
    });
  });

  it('maps every setting to its protocol field', () => {
    const s = readSettings(
      reader({
        'server.path': '  ${workspaceFolder}/target/debug/wit-analyzer ',
        'server.extraArgs': ['--log', 'debug'],
        'breakingChanges.baseline': 'v1.0.0',
        features: { hover: false, codeLens: true },
        'run.timeoutMs': 2500,
        'run.memoryLimitMiB': 64,
        'run.dirs': [{ host: 'data', guest: '/data' }],
        'run.env': { GREETING: 'hi' },
      }),
      false,
      ctx,
    );
    expect(s.serverPath).toBe('/ws/target/debug/wit-analyzer');
    expect(s.serverExtraArgs).toEqual(['--log', 'debug']);
    expect(s.initializationOptions).toEqual({
      trusted: false,
      baseline: 'v1.0.0',
      features: { hover: false, codeLens: true },
      run: { timeoutMs: 2500, maxMemoryBytes: 64 * 1024 * 1024, dirs: [{ host: '/ws/data', guest: '/data' }], env: { GREETING: 'hi' } },
    });
  });

  it('reports malformed settings instead of dropping them silently', () => {
    const s = readSettings(
      reader({ 'run.dirs': [{ host: '/a' }, { host: '/b', guest: '/b' }], 'run.env': { A: 1, B: 'b' }, features: { hover: 'no' } }),
      true,
      ctx,
    );
    expect(s.initializationOptions.run.dirs).toEqual([{ host: '/b', guest: '/b' }]);
    expect(s.initializationOptions.run.env).toEqual({ B: 'b' });
    expect(s.problems).toEqual([
      'wit-analyzer.features.hover is ignored: it must be true or false',
      'wit-analyzer.run.dirs[0] is ignored: it needs string fields "host" and "guest"',
      'wit-analyzer.run.env.A is ignored: its value must be a string',
    ]);
  });

  it('falls back to the default limits on nonsense numbers', () => {
    const s = readSettings(reader({ 'run.timeoutMs': -1, 'run.memoryLimitMiB': 'lots' }), true, ctx);
    expect(s.initializationOptions.run.timeoutMs).toBe(10_000);
    expect(s.initializationOptions.run.maxMemoryBytes).toBe(512 * 1024 * 1024);
  });
});

describe('resolvePath', () => {
  it('expands the home directory', () => {
    expect(resolvePath('~/bin/wit-analyzer', ctx)).toBe('/home/me/bin/wit-analyzer');
  });
  it('keeps absolute paths', () => {
    expect(resolvePath('/usr/bin/wit-analyzer', ctx)).toBe('/usr/bin/wit-analyzer');
  });
  it('leaves a relative path alone without a workspace', () => {
    expect(resolvePath('bin/x', { homeDir: '/h' })).toBe('bin/x');
  });
});
