import { describe, expect, it } from 'vitest';
import { formatDuration, inlineText, outputText, promptText, promptTitle, INLINE_MAX_CHARS } from '../../src/runResultText';
import type { RunResult } from '../../src/protocol';

const base: RunResult = { uri: 'file:///ws/hello.wit', world: 'hello', export: 'greet', stdout: '', stderr: '', timings: { callMs: 0.04 } };

describe('formatDuration', () => {
  it.each([
    [0.04, '0.04 ms'],
    [0.5, '0.50 ms'],
    [12.345, '12.3 ms'],
    [250, '250 ms'],
    [1500, '1.50 s'],
  ])('%f ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('inlineText', () => {
  it('shows the value and the call time', () => {
    expect(inlineText({ ...base, result: '"Hello, world!"' })).toBe('→ "Hello, world!"  0.04 ms');
  });
  it('shows unit for a function without results', () => {
    expect(inlineText(base)).toBe('→ ()  0.04 ms');
  });
  it('shows the first line of an error', () => {
    expect(inlineText({ ...base, error: 'wasm trap: unreachable\nbacktrace...' })).toBe('✗ wasm trap: unreachable  0.04 ms');
  });
  it('cuts long values to one short line', () => {
    const text = inlineText({ ...base, result: `[${'1, '.repeat(100)}1]` });
    expect(text.startsWith('→ [1, 1,')).toBe(true);
    expect(text).toContain('…  0.04 ms');
    expect(text.length).toBeLessThanOrEqual(INLINE_MAX_CHARS + '→ '.length + '  0.04 ms'.length);
  });
  it('joins a multi-line value into one line', () => {
    expect(inlineText({ ...base, result: '{\n  a: 1,\n  b: 2\n}' })).toBe('→ { a: 1, b: 2 }  0.04 ms');
  });
});

describe('outputText', () => {
  it('lists the result, the guest output and every timing', () => {
    const text = outputText(
      { ...base, result: '"Hello, world!"', stdout: 'hi\nthere\n', stderr: 'warn', timings: { buildMs: 1200, instantiateMs: 3.2, callMs: 0.04 } },
      '("world")',
    );
    expect(text).toBe(
      [
        '▶ greet("world") in world hello',
        'result: "Hello, world!"',
        'stdout:',
        '  hi',
        '  there',
        'stderr:',
        '  warn',
        'time: build 1.20 s, instantiate 3.2 ms, call 0.04 ms',
      ].join('\n'),
    );
  });
  it('reports an error instead of a result', () => {
    expect(outputText({ ...base, error: 'timed out after 10 s' }, '()')).toBe('▶ greet() in world hello\nerror: timed out after 10 s\ntime: call 0.04 ms');
  });
});

describe('a caret under the typed arguments', () => {
  it('points at the span the server names, below the arguments as typed', () => {
    const text = outputText({ ...base, error: 'invalid arguments at `world`: expected a string', argsError: { start: 1, end: 6 } }, '(world)');
    expect(text.split('\n')).toEqual([
      '▶ greet(world) in world hello',
      'error: invalid arguments at `world`: expected a string',
      '  arguments: (world)',
      '              ^^^^^',
      'time: call 0.04 ms',
    ]);
  });
  it('is one caret wide for an empty span, such as a missing value at the end', () => {
    const lines = outputText({ ...base, error: 'invalid arguments: expected `)`', argsError: { start: 4, end: 4 } }, '("a"').split('\n');
    expect(lines.slice(2, 4)).toEqual(['  arguments: ("a"', '                 ^']);
  });
});

describe('the argument prompt', () => {
  const lens = { uri: 'file:///ws/hello.wit', world: 'hello', export: 'greet', template: '("")', range: { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } } };
  it('has the signature in its title', () => {
    expect(promptTitle({ ...lens, signature: 'greet: func(name: string) -> string' })).toBe('Run greet: func(name: string) -> string');
  });
  it('names the export when the server sends no signature', () => {
    expect(promptTitle(lens)).toBe('Run greet');
  });
});

describe('runs in session', () => {
  const cart = { handle: 1, resource: 'cart', createdBy: '[constructor]cart("EUR")' };
  const session = { started: true, alive: true, handles: [cart] };
  it('lists the live handles after the result', () => {
    const text = outputText({ ...base, export: 'shop.[constructor]cart', result: '1', session }, '("EUR")');
    expect(text.split('\n')).toEqual([
      '▶ shop.[constructor]cart("EUR") in world hello',
      'result: 1',
      'session: started; handles: 1 = cart from [constructor]cart("EUR")',
      'time: call 0.04 ms',
    ]);
  });
  it('says when the session ended with the run', () => {
    const text = outputText({ ...base, error: 'wasm trap', session: { started: false, alive: false, handles: [cart] } }, '()');
    expect(text).toContain('session: ended (the guest trapped); the next run starts a new one');
  });
  it('offers the handles in the prompt', () => {
    expect(promptText(true, session)).toBe('In session: 1 = cart from [constructor]cart("EUR"). Arguments as a WAVE tuple; a handle is its number.');
    expect(promptText(true, undefined)).toBe('Runs in a new session. Arguments as a WAVE tuple; a handle is its number.');
    expect(promptText(false, session)).toBe('Arguments as a WAVE tuple, e.g. ("world", 3)');
  });
});
