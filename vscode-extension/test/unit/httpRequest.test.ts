import { describe, expect, it } from 'vitest';
import { parseHeaders, requestUrl, responseText, takesBody } from '../../src/httpRequest';

describe('Send Request helpers', () => {
  it('reads headers separated by semicolons, with colons in values', () => {
    expect(parseHeaders('x-name: Ada; accept: text/plain ;authorization: Basic a:b')).toEqual([
      ['x-name', 'Ada'],
      ['accept', 'text/plain'],
      ['authorization', 'Basic a:b'],
    ]);
    expect(parseHeaders('  ')).toEqual([]);
  });

  it('names the part that is not a header', () => {
    expect(() => parseHeaders('x-name Ada')).toThrow('`x-name Ada` is not a header');
    expect(() => parseHeaders('bad name: 1')).toThrow('`bad name: 1`');
  });

  it('puts the path on the served URL', () => {
    expect(requestUrl('http://127.0.0.1:4000/', '/echo?x=1')).toBe('http://127.0.0.1:4000/echo?x=1');
    expect(requestUrl('http://127.0.0.1:4000/', 'header')).toBe('http://127.0.0.1:4000/header');
    expect(requestUrl('http://127.0.0.1:4000/', '')).toBe('http://127.0.0.1:4000/');
  });

  it('asks for a body only where a request has one', () => {
    expect([takesBody('GET'), takesBody('HEAD'), takesBody('POST'), takesBody('DELETE')]).toEqual([false, false, true, true]);
  });

  it('shows the status, the time, the headers and the body', () => {
    const text = responseText({
      method: 'GET',
      url: 'http://127.0.0.1:4000/header',
      status: 200,
      statusText: 'OK',
      headers: [['content-type', 'text/plain']],
      body: 'x-name: Ada\n',
      ms: 3.14159,
    });
    expect(text).toBe('GET http://127.0.0.1:4000/header\n→ 200 OK in 3.1 ms\n\ncontent-type: text/plain\n\nx-name: Ada\n');
  });
});
