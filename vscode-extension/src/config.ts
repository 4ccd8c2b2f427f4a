/**
 * The `wit-analyzer.*` settings, read into plain values. Nothing here imports
 * `vscode`, so the mapping is unit-tested; `extension.ts` passes a reader over
 * `workspace.getConfiguration('wit-analyzer')`.
 */

import * as path from 'node:path';
import * as os from 'node:os';
import { CAPABILITY_SWITCHES, type CapabilitySwitch, type DirGrant, type InitializationOptions } from './protocol';

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
  const disable = capabilitySwitches(get('disable'), problems);
  return {
    serverPath: serverPath === undefined ? undefined : resolvePath(serverPath, ctx),
    serverExtraArgs: stringArray(get('server.extraArgs')),
    initializationOptions: {
      trusted,
      ...(baseline === undefined ? {} : { baseline }),
      features: featureGates(get('features'), disable, problems),
      allFeatures: get('allFeatures') === true,
      disable,
      run: {
        timeoutMs: positiveNumber(get('run.timeoutMs'), DEFAULT_TIMEOUT_MS),
        maxMemoryBytes: positiveNumber(get('run.memoryLimitMiB'), DEFAULT_MEMORY_MIB) * MIB,
        dirs: dirGrants(get('run.dirs'), ctx, problems),
        env: stringRecord(get('run.env'), problems),
      },
      referenceLenses: {
        interfaces: get('referenceLenses.interfaces') !== false,
        types: get('referenceLenses.types') !== false,
        worlds: get('referenceLenses.worlds') === true,
        resources: get('referenceLenses.resources') === true,
      },
      inlayHints: {
        aliases: get('inlayHints.aliases') !== false,
        abi: get('inlayHints.abi') === true,
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

/** What a change of settings needs, given which sections it touched. */
export type SettingChange = 'restart' | 'send' | 'none';

export function settingChange(affects: (section: string) => boolean): SettingChange {
  // A new binary or new arguments need a new process; the server takes the
  // rest live (capability switches by registering them at run time).
  if (affects('wit-analyzer.server')) return 'restart';
  return affects('wit-analyzer') ? 'send' : 'none';
}

/** WIT feature names are identifiers: kebab-case words, each all lower or all upper case (`fancy`, `my-feature`, `wasi-HTTP`). */
const FEATURE_NAME = /^%?([a-z][a-z0-9]*|[A-Z][A-Z0-9]*)(-([a-z][a-z0-9]*|[A-Z][A-Z0-9]*))*$/;

/**
 * `wit-analyzer.features`, the `@unstable` gates to enable. The map of
 * capability switches it used to be is still understood: its `false`
 * entries go to `disable`, with a warning that says where they belong now.
 */
function featureGates(value: unknown, disable: CapabilitySwitch[], problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (isRecord(value)) {
    const off = Object.entries(value).filter(([, on]) => on === false).map(([name]) => name);
    problems.push(
      `wit-analyzer.features is now the list of WIT feature gates to enable, e.g. ["fancy"]; ` +
        `turn capabilities off with "wit-analyzer.disable": ${JSON.stringify(off)} instead`,
    );
    for (const name of capabilitySwitches(off, problems)) if (!disable.includes(name)) disable.push(name);
    return [];
  }
  if (!Array.isArray(value)) {
    problems.push('wit-analyzer.features is ignored: it must be a list of WIT feature names, e.g. ["fancy"]');
    return [];
  }
  return value.flatMap((name, i): string[] => {
    if (typeof name === 'string' && FEATURE_NAME.test(name.trim())) return [name.trim().replace(/^%/, '')];
    problems.push(`wit-analyzer.features[${i}] is ignored: ${JSON.stringify(name)} is not a WIT feature name (like "fancy" or "my-feature")`);
    return [];
  });
}

function capabilitySwitches(value: unknown, problems: string[]): CapabilitySwitch[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`wit-analyzer.disable is ignored: it must be a list of capabilities, e.g. ["hover"]`);
    return [];
  }
  return value.flatMap((name, i): CapabilitySwitch[] => {
    if (isCapabilitySwitch(name)) return [name];
    problems.push(`wit-analyzer.disable[${i}] is ignored: ${JSON.stringify(name)} is not one of ${CAPABILITY_SWITCHES.join(', ')}`);
    return [];
  });
}

function isCapabilitySwitch(name: unknown): name is CapabilitySwitch {
  return (CAPABILITY_SWITCHES as readonly unknown[]).includes(name);
}

function dirGrants(value: unknown, ctx: PathContext, problems: string[]): DirGrant[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i): DirGrant[] => {
    if (isRecord(item) && typeof item.host === 'string' && typeof item.guest === 'string') {
      const grant: DirGrant = { host: resolvePath(item.host, ctx), guest: item.guest };
      return [item.writable === true ? { ...grant, writable: true } : grant];
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
