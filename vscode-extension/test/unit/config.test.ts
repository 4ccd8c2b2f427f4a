import { describe, expect, it } from 'vitest';
import { readSettings, resolvePath, settingChange, type SettingReader } from '../../src/config';

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
      features: [],
      allFeatures: false,
      disable: [],
      run: { timeoutMs: 10_000, maxMemoryBytes: 512 * 1024 * 1024, dirs: [], env: {} },
      referenceLenses: { interfaces: true, types: true, worlds: false, resources: false },
      inlayHints: { aliases: true, abi: false },
    });
  });

  it('maps every setting to its protocol field', () => {
    const s = readSettings(
      reader({
        'server.path': '  ${workspaceFolder}/target/debug/wit-analyzer ',
        'server.extraArgs': ['--log', 'debug'],
        'breakingChanges.baseline': 'v1.0.0',
        features: ['fancy', 'my-feature'],
        allFeatures: true,
        disable: ['hover', 'codeLens'],
        'run.timeoutMs': 2500,
        'run.memoryLimitMiB': 64,
        'run.dirs': [{ host: 'data', guest: '/data' }],
        'run.env': { GREETING: 'hi' },
        'referenceLenses.worlds': true,
        'referenceLenses.types': false,
        'inlayHints.aliases': false,
        'inlayHints.abi': true,
      }),
      false,
      ctx,
    );
    expect(s.serverPath).toBe('/ws/target/debug/wit-analyzer');
    expect(s.serverExtraArgs).toEqual(['--log', 'debug']);
    expect(s.initializationOptions).toEqual({
      trusted: false,
      baseline: 'v1.0.0',
      features: ['fancy', 'my-feature'],
      allFeatures: true,
      disable: ['hover', 'codeLens'],
      run: { timeoutMs: 2500, maxMemoryBytes: 64 * 1024 * 1024, dirs: [{ host: '/ws/data', guest: '/data' }], env: { GREETING: 'hi' } },
      referenceLenses: { interfaces: true, types: false, worlds: true, resources: false },
      inlayHints: { aliases: false, abi: true },
    });
  });

  it('reports malformed settings instead of dropping them silently', () => {
    const s = readSettings(
      reader({
        'run.dirs': [{ host: '/a' }, { host: '/b', guest: '/b' }, { host: '/c', guest: '/c', writable: true }],
        'run.env': { A: 1, B: 'b' },
        features: ['fancy', 'Not A Name', 3, 'wasi-HTTP', 'mIxed'],
        disable: ['hover', 'hovr'],
      }),
      true,
      ctx,
    );
    expect(s.initializationOptions.run.dirs).toEqual([{ host: '/b', guest: '/b' }, { host: '/c', guest: '/c', writable: true }]);
    expect(s.initializationOptions.run.env).toEqual({ B: 'b' });
    expect(s.initializationOptions.features).toEqual(['fancy', 'wasi-HTTP']);
    expect(s.initializationOptions.disable).toEqual(['hover']);
    expect(s.problems).toEqual([
      expect.stringMatching(/^wit-analyzer\.disable\[1\] is ignored: "hovr" is not one of diagnostics, hover, /),
      'wit-analyzer.features[1] is ignored: "Not A Name" is not a WIT feature name (like "fancy" or "my-feature")',
      'wit-analyzer.features[2] is ignored: 3 is not a WIT feature name (like "fancy" or "my-feature")',
      'wit-analyzer.features[4] is ignored: "mIxed" is not a WIT feature name (like "fancy" or "my-feature")',
      'wit-analyzer.run.dirs[0] is ignored: it needs string fields "host" and "guest"',
      'wit-analyzer.run.env.A is ignored: its value must be a string',
    ]);
  });

  it('reads the old map of switches into disable, and says where it belongs now', () => {
    const s = readSettings(reader({ features: { hover: false, completion: true }, disable: ['codeLens'] }), true, ctx);
    expect(s.initializationOptions.features).toEqual([]);
    expect(s.initializationOptions.disable).toEqual(['codeLens', 'hover']);
    expect(s.problems).toEqual([
      'wit-analyzer.features is now the list of WIT feature gates to enable, e.g. ["fancy"]; turn capabilities off with "wit-analyzer.disable": ["hover"] instead',
    ]);
  });

  it('names a features or disable setting of the wrong type', () => {
    const s = readSettings(reader({ features: 'fancy', disable: 'hover', allFeatures: 'yes' }), true, ctx);
    expect(s.initializationOptions).toMatchObject({ features: [], allFeatures: false, disable: [] });
    expect(s.problems).toEqual([
      'wit-analyzer.disable is ignored: it must be a list of capabilities, e.g. ["hover"]',
      'wit-analyzer.features is ignored: it must be a list of WIT feature names, e.g. ["fancy"]',
    ]);
  });

  it('falls back to the default limits on nonsense numbers', () => {
    const s = readSettings(reader({ 'run.timeoutMs': -1, 'run.memoryLimitMiB': 'lots' }), true, ctx);
    expect(s.initializationOptions.run.timeoutMs).toBe(10_000);
    expect(s.initializationOptions.run.maxMemoryBytes).toBe(512 * 1024 * 1024);
  });
});

describe('settingChange', () => {
  const touched = (...sections: string[]) => (section: string) => sections.some((s) => s === section || s.startsWith(`${section}.`));
  it('restarts for a new server binary or arguments', () => {
    expect(settingChange(touched('wit-analyzer.server.path'))).toBe('restart');
  });
  it('sends gates, capability switches, limits and the baseline to the running server', () => {
    expect(settingChange(touched('wit-analyzer.disable'))).toBe('send');
    expect(settingChange(touched('wit-analyzer.features'))).toBe('send');
    expect(settingChange(touched('wit-analyzer.run.timeoutMs'))).toBe('send');
    expect(settingChange(touched('wit-analyzer.breakingChanges.baseline'))).toBe('send');
  });
  it('ignores other extensions\' settings', () => {
    expect(settingChange(touched('editor.fontSize'))).toBe('none');
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
