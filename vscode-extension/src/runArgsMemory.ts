/**
 * Remembers the WAVE arguments last used for each export, so ▶ Run offers
 * them again instead of the server's template. Stored in the workspace state
 * (a `vscode.Memento`), reduced here to the two methods we use.
 */

export interface Store {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const KEY = 'wit-analyzer.runArgs';
/** Enough for every export a person runs by hand; old ones fall off. */
export const MAX_REMEMBERED = 200;

export interface ExportId {
  uri: string;
  world: string;
  export: string;
}

export class RunArgsMemory {
  constructor(private readonly store: Store) {}

  /** What the input box starts with: the last arguments, or else the template. */
  initialArgs(id: ExportId, template: string): string {
    return this.all()[keyOf(id)] ?? template;
  }

  async remember(id: ExportId, args: string): Promise<void> {
    const entries = Object.entries(this.all()).filter(([k]) => k !== keyOf(id));
    // Most recent last, so trimming drops the oldest.
    entries.push([keyOf(id), args]);
    await this.store.update(KEY, Object.fromEntries(entries.slice(-MAX_REMEMBERED)));
  }

  private all(): Record<string, string> {
    return this.store.get<Record<string, string>>(KEY) ?? {};
  }
}

function keyOf(id: ExportId): string {
  return `${id.uri}#${id.world}#${id.export}`;
}
