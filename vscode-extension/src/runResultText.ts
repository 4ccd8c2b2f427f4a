/**
 * How a run's outcome reads: the one-line inline text next to the function
 * (`→ "Hello, world!"  0.04 ms`) and the block in the output channel.
 */

import type { LiveHandle, RunLensArgs, RunResult, SessionState } from './protocol';

/** Longer inline results are cut; the output channel has the whole value. */
export const INLINE_MAX_CHARS = 80;

export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Number(ms.toPrecision(3))} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function inlineText(r: RunResult): string {
  const time = formatDuration(r.timings.callMs);
  if (r.error !== undefined) return `✗ ${truncate(firstLine(r.error))}  ${time}`;
  return `→ ${truncate(oneLine(r.result ?? '()'))}  ${time}`;
}

export function outputText(r: RunResult, args: string): string {
  const lines = [`▶ ${r.export}${args} in world ${r.world}`];
  if (r.error !== undefined) lines.push(`error: ${r.error}`);
  else lines.push(`result: ${r.result ?? '()'}`);
  if (r.argsError !== undefined) lines.push(...caretUnder(args, r.argsError));
  if (r.session !== undefined) lines.push(sessionLine(r.session));
  if (r.stdout !== '') lines.push('stdout:', indent(r.stdout));
  if (r.stderr !== '') lines.push('stderr:', indent(r.stderr));
  const t = r.timings;
  const parts = [
    t.buildMs === undefined ? undefined : `build ${formatDuration(t.buildMs)}`,
    t.instantiateMs === undefined ? undefined : `instantiate ${formatDuration(t.instantiateMs)}`,
    `call ${formatDuration(t.callMs)}`,
  ].filter((p) => p !== undefined);
  lines.push(`time: ${parts.join(', ')}`);
  return lines.join('\n');
}

/** The title of the argument prompt: what the function takes and returns. */
export function promptTitle(lens: RunLensArgs): string {
  return `Run ${lens.signature ?? lens.export}`;
}

/** The prompt under the argument box; a run in session lists the handles it can pass. */
export function promptText(inSession: boolean, state: SessionState | undefined): string {
  if (!inSession) return 'Arguments as a WAVE tuple, e.g. ("world", 3)';
  const tail = 'Arguments as a WAVE tuple; a handle is its number.';
  if (state === undefined || !state.alive) return `Runs in a new session. ${tail}`;
  if (state.handles.length === 0) return `In session, no handles yet. ${tail}`;
  return `In session: ${state.handles.map(handleText).join(', ')}. ${tail}`;
}

function sessionLine(s: SessionState): string {
  if (!s.alive) return 'session: ended (the guest trapped); the next run starts a new one';
  const handles = s.handles.length === 0 ? 'no handles' : `handles: ${s.handles.map(handleText).join(', ')}`;
  return `session: ${s.started ? 'started' : 'continued'}; ${handles}`;
}

function handleText(h: LiveHandle): string {
  return `${h.handle} = ${h.resource ?? 'handle'} from ${h.createdBy}`;
}

/** The arguments as typed, with `^` under the span a WAVE error is about. */
function caretUnder(args: string, span: { start: number; end: number }): string[] {
  const label = '  arguments: ';
  const start = Math.min(Math.max(span.start, 0), args.length);
  const width = Math.max(1, Math.min(span.end, args.length) - start);
  return [`${label}${args}`, `${' '.repeat(label.length + start)}${'^'.repeat(width)}`];
}

function truncate(s: string): string {
  return s.length <= INLINE_MAX_CHARS ? s : `${s.slice(0, INLINE_MAX_CHARS - 1)}…`;
}

function firstLine(s: string): string {
  return s.trim().split('\n', 1)[0] ?? '';
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

function indent(s: string): string {
  return s.replace(/\n$/, '').split('\n').map((l) => `  ${l}`).join('\n');
}
