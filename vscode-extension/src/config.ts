/**
 * The `wit-analyzer.*` settings, read into plain values. Nothing here imports
 * `vscode`, so the mapping is unit-tested; `extension.ts` passes a reader over
 * `workspace.getConfiguration('wit-analyzer')`.
 */

import * as path from 'node:path';
import * as os from 'node:os';
import type { DirGrant, InitializationOptions } from './protocol';

/** Reads one setting below `wit-analyzer.`; `undefined` when unset. */
export type SettingReader = (key: string) => unknown;

export interface Settings {
  serverPath?: string | undefined;
  serverExtraArgs: string[];
  initializationOptions: InitializationOptions;
  /** Settings that were ignored because they have the wrong shape, one line each. */
  problems: string[];
}

/** Where `${workspaceFolder}` and relative paths point. */
export interface PathContext {
  workspaceFolder?: string | undefined;
  homeDir?: string | undefined;
}

const MIB = 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MEMORY_MIB = 512;

export function readSettings(get: SettingReader, trusted: boolean, ctx: PathContext): Settings {
  const serverPath = nonEmptyString(get('server.path'));
  const baseline = nonEmptyString(get('breakingChanges.baseline'));
  const problems: string[] = [];
  return {
    serverPath: serverPath === undefined ? undefined : resolvePath(serverPath, ctx),
    serverExtraArgs: stringArray(get('server.extraArgs')),
    initializationOptions: {
      trusted,
      ...(baseline === undefined ? {} : { baseline }),
      features: featureSwitches(get('features'), problems),
      run: {
        timeoutMs: positiveNumber(get('run.timeoutMs'), DEFAULT_TIMEOUT_MS),
        maxMemoryBytes: positiveNumber(get('run.memoryLimitMiB'), DEFAULT_MEMORY_MIB) * MIB,
        dirs: dirGrants(get('run.dirs'), ctx, problems),
        env: stringRecord(get('run.env'), problems),
      },
    },
    problems,
  };
}

/** Expands `~` and `${workspaceFolder}`, and anchors relative paths at the workspace. */
export function resolvePath(p: string, ctx: PathContext): string {
  let out = p;
  if (ctx.workspaceFolder !== undefined) out = out.replaceAll('${workspaceFolder}', ctx.workspaceFolder);
  const home = ctx.homeDir ?? os.homedir();
  if (out === '~' || out.startsWith('~/')) out = path.join(home, out.slice(1));
  if (!path.isAbsolute(out) && ctx.workspaceFolder !== undefined) out = path.join(ctx.workspaceFolder, out);
  return out;
}

function featureSwitches(value: unknown, problems: string[]): Record<string, boolean> {
  if (!isRecord(value)) return {};
  const out: Record<string, boolean> = {};
  for (const [name, on] of Object.entries(value)) {
    if (typeof on === 'boolean') out[name] = on;
    else problems.push(`wit-analyzer.features.${name} is ignored: it must be true or false`);
  }
  return out;
}

function dirGrants(value: unknown, ctx: PathContext, problems: string[]): DirGrant[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i): DirGrant[] => {
    if (isRecord(item) && typeof item.host === 'string' && typeof item.guest === 'string') {
      return [{ host: resolvePath(item.host, ctx), guest: item.guest }];
    }
    problems.push(`wit-analyzer.run.dirs[${i}] is ignored: it needs string fields "host" and "guest"`);
    return [];
  });
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function stringRecord(value: unknown, problems: string[]): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
    else problems.push(`wit-analyzer.run.env.${key} is ignored: its value must be a string`);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
