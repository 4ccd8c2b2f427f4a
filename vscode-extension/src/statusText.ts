/**
 * The status bar item's text and tooltip for a server state and problem
 * count, kept apart from the `vscode` API so it is unit-tested.
 */

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

export interface ProblemCount {
  errors: number;
  warnings: number;
}

export interface StatusText {
  text: string;
  tooltip: string;
}

export function statusText(state: ServerState, problems: ProblemCount, detail?: string): StatusText {
  const name = 'WIT';
  switch (state) {
    case 'starting':
      return { text: `$(sync~spin) ${name}`, tooltip: 'wit-analyzer is starting' };
    case 'stopped':
      return { text: `$(debug-stop) ${name}`, tooltip: 'wit-analyzer is stopped. Click to restart.' };
    case 'failed':
      return { text: `$(error) ${name}`, tooltip: `wit-analyzer failed: ${detail ?? 'see the output'}. Click to show the output.` };
    case 'running': {
      const { errors, warnings } = problems;
      const text = errors === 0 && warnings === 0 ? `$(check) ${name}` : `${name} $(error) ${errors} $(warning) ${warnings}`;
      return { text, tooltip: `wit-analyzer is running: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in WIT files` };
    }
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
