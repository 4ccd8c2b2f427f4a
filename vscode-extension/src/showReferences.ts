/**
 * The click behind the server's "N references" lens. LSP has no standard
 * command that opens a references view, so the server names
 * `wit-analyzer.showReferences` with plain JSON arguments (document URI,
 * position, locations), but only for a client that announces it runs that
 * command itself. This module makes the announcement and checks the
 * arguments; `commands.ts` turns them into VS Code objects.
 */

import type { ClientCapabilities, FeatureState, StaticFeature } from 'vscode-languageclient';
import type { Location, Position } from 'vscode-languageserver-protocol';

export const SHOW_REFERENCES = 'wit-analyzer.showReferences';

export interface ShowReferencesArgs {
  uri: string;
  position: Position;
  locations: Location[];
}

/**
 * Adds SHOW_REFERENCES to `capabilities.experimental.commands.commands`, the
 * client capability the server (like rust-analyzer) reads at `initialize`.
 */
export const clientCommandsFeature: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    const experimental = (capabilities.experimental ?? {}) as { commands?: { commands?: string[] } };
    const known = experimental.commands?.commands ?? [];
    capabilities.experimental = { ...experimental, commands: { commands: [...known, SHOW_REFERENCES] } };
  },
  initialize(): void {},
  getState: (): FeatureState => ({ kind: 'static' }),
  clear(): void {},
};

/** The lens's arguments, checked; throws an error naming what is wrong. */
export function parseShowReferencesArgs(args: unknown[]): ShowReferencesArgs {
  const [uri, position, locations] = args;
  if (typeof uri !== 'string') throw new Error(`${SHOW_REFERENCES}: the first argument must be a document URI, got ${JSON.stringify(uri)}`);
  if (!isPosition(position)) throw new Error(`${SHOW_REFERENCES}: the second argument must be a position, got ${JSON.stringify(position)}`);
  if (!Array.isArray(locations) || !locations.every(isLocation)) {
    throw new Error(`${SHOW_REFERENCES}: the third argument must be a list of locations, got ${JSON.stringify(locations)}`);
  }
  return { uri, position, locations };
}

function isPosition(value: unknown): value is Position {
  const p = value as Position | undefined;
  return typeof p?.line === 'number' && typeof p.character === 'number';
}

function isLocation(value: unknown): value is Location {
  const l = value as Location | undefined;
  return typeof l?.uri === 'string' && isPosition(l.range?.start) && isPosition(l.range?.end);
}
