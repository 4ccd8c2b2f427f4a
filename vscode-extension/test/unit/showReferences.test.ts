import { describe, expect, it } from 'vitest';
import type { ClientCapabilities } from 'vscode-languageclient';
import { clientCommandsFeature, parseShowReferencesArgs, SHOW_REFERENCES } from '../../src/showReferences';

const location = { uri: 'file:///ws/api.wit', range: { start: { line: 3, character: 13 }, end: { line: 3, character: 18 } } };

describe('parseShowReferencesArgs', () => {
  it('takes the arguments the server puts on the lens', () => {
    const args = parseShowReferencesArgs(['file:///ws/types.wit', { line: 3, character: 9 }, [location]]);
    expect(args).toEqual({ uri: 'file:///ws/types.wit', position: { line: 3, character: 9 }, locations: [location] });
  });

  it.each([
    [[], 'first argument must be a document URI'],
    [['file:///a.wit', { line: 1 }, []], 'second argument must be a position'],
    [['file:///a.wit', { line: 1, character: 0 }, [{ uri: 'file:///b.wit' }]], 'third argument must be a list of locations'],
  ])('names what is wrong with %j', (args, message) => {
    expect(() => parseShowReferencesArgs(args)).toThrow(message);
  });
});

describe('clientCommandsFeature', () => {
  it('announces the command next to any others', () => {
    const capabilities: ClientCapabilities = { experimental: { commands: { commands: ['other.command'] }, snippetTextEdit: true } };
    clientCommandsFeature.fillClientCapabilities(capabilities);
    expect(capabilities.experimental).toEqual({ commands: { commands: ['other.command', SHOW_REFERENCES] }, snippetTextEdit: true });
  });

  it('creates the capability when there is none', () => {
    const capabilities: ClientCapabilities = {};
    clientCommandsFeature.fillClientCapabilities(capabilities);
    expect(capabilities.experimental).toEqual({ commands: { commands: [SHOW_REFERENCES] } });
  });
});
