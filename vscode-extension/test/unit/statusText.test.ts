import { describe, expect, it } from 'vitest';
import { statusText } from '../../src/statusText';

describe('statusText', () => {
  it('shows a check mark when there are no problems', () => {
    expect(statusText('running', { errors: 0, warnings: 0 }).text).toBe('$(check) WIT');
  });
  it('shows the problem counts', () => {
    const s = statusText('running', { errors: 2, warnings: 1 });
    expect(s.text).toBe('WIT $(error) 2 $(warning) 1');
    expect(s.tooltip).toBe('wit-analyzer is running: 2 errors, 1 warning in WIT files');
  });
  it('names the failure', () => {
    expect(statusText('failed', { errors: 0, warnings: 0 }, 'no server found').tooltip).toContain('no server found');
  });
  it('spins while starting', () => {
    expect(statusText('starting', { errors: 5, warnings: 0 }).text).toBe('$(sync~spin) WIT');
  });
});
