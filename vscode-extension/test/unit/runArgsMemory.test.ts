import { describe, expect, it } from 'vitest';
import { MAX_REMEMBERED, RunArgsMemory, type Store } from '../../src/runArgsMemory';

function memoryStore(): Store {
  const data = new Map<string, unknown>();
  return {
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: async (key, value) => void data.set(key, value),
  };
}

const greet = { uri: 'file:///ws/hello.wit', world: 'hello', export: 'greet' };

describe('RunArgsMemory', () => {
  it('offers the template until something was run', () => {
    expect(new RunArgsMemory(memoryStore()).initialArgs(greet, '("")')).toBe('("")');
  });

  it('offers the last arguments of the same export, and only of it', async () => {
    const memory = new RunArgsMemory(memoryStore());
    await memory.remember(greet, '("world")');
    await memory.remember(greet, '("again")');
    expect(memory.initialArgs(greet, '("")')).toBe('("again")');
    expect(memory.initialArgs({ ...greet, export: 'add' }, '(0, 0)')).toBe('(0, 0)');
    expect(memory.initialArgs({ ...greet, world: 'other' }, '("")')).toBe('("")');
  });

  it('survives a new instance over the same store', async () => {
    const store = memoryStore();
    await new RunArgsMemory(store).remember(greet, '("kept")');
    expect(new RunArgsMemory(store).initialArgs(greet, '("")')).toBe('("kept")');
  });

  it('forgets the least recently used beyond its limit', async () => {
    const memory = new RunArgsMemory(memoryStore());
    for (let i = 0; i <= MAX_REMEMBERED; i++) await memory.remember({ ...greet, export: `f${i}` }, `(${i})`);
    expect(memory.initialArgs({ ...greet, export: 'f0' }, 'template')).toBe('template');
    expect(memory.initialArgs({ ...greet, export: 'f1' }, 'template')).toBe('(1)');
  });
});
