/**
 * Finding the `wit-analyzer` binary: the setting, then the binary shipped in
 * the VSIX, then PATH. Pure apart from the injected `isFile`, so every branch
 * is unit-tested.
 */

import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export type Located = { ok: true; path: string; source: ServerSource } | { ok: false; message: string };

export interface LocateInput {
  /** `wit-analyzer.server.path`, already resolved to an absolute path. */
  settingPath?: string | undefined;
  /** The extension's install directory; the VSIX ships `server/<binary>` in it. */
  extensionDir: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The PATH environment variable. */
  envPath?: string | undefined;
  isFile: (p: string) => boolean;
}

export function binaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'wit-analyzer.exe' : 'wit-analyzer';
}

export function locateServer(input: LocateInput): Located {
  const exe = binaryName(input.platform);
  if (input.settingPath !== undefined) {
    // A path the user chose is never silently replaced by another binary.
    return input.isFile(input.settingPath)
      ? { ok: true, path: input.settingPath, source: 'setting' }
      : { ok: false, message: `The setting wit-analyzer.server.path is "${input.settingPath}", but there is no file there. Fix the path or clear the setting.` };
  }
  const bundled = path.join(input.extensionDir, 'server', exe);
  if (input.isFile(bundled)) return { ok: true, path: bundled, source: 'bundled' };

  const delimiter = input.platform === 'win32' ? ';' : ':';
  for (const dir of (input.envPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, exe);
    if (input.isFile(candidate)) return { ok: true, path: candidate, source: 'path' };
  }
  return {
    ok: false,
    message:
      `No wit-analyzer server found: this extension has no server built for ${input.platform}-${input.arch} ` +
      `and "${exe}" is not on PATH. Build it in a wit-analyzer checkout with ` +
      `"cargo install --locked --path server/wit-analyzer" (which puts it on PATH), ` +
      `or set wit-analyzer.server.path to a wit-analyzer binary.`,
  };
}
