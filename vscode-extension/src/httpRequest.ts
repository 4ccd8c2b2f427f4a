/**
 * The pieces of "WIT: Send Request…" that need no VS Code: reading the
 * headers a user typed, and the text the response is shown as.
 */

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Methods whose requests carry no body, so none is asked for. */
export function takesBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/**
 * `x-name: Ada; content-type: text/plain` as pairs. Throws with the part
 * that is not `name: value`, so the user sees what to fix.
 */
export function parseHeaders(text: string): [string, string][] {
  const headers: [string, string][] = [];
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    const name = colon < 0 ? '' : part.slice(0, colon).trim();
    if (colon < 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new Error(`\`${part.trim()}\` is not a header: write name: value, and separate headers with ;`);
    }
    headers.push([name, part.slice(colon + 1).trim()]);
  }
  return headers;
}

/** The URL of `path` on a served world's `base` URL (`http://127.0.0.1:PORT/`). */
export function requestUrl(base: string, path: string): string {
  const trimmed = path.trim();
  return new URL(trimmed === '' ? '/' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`, base).toString();
}

export interface ShownResponse {
  method: string;
  url: string;
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  ms: number;
}

/** The response as the read-only document shows it: status line, headers, a blank line, the body. */
export function responseText(r: ShownResponse): string {
  const status = r.statusText === '' ? `${r.status}` : `${r.status} ${r.statusText}`;
  const lines = [`${r.method} ${r.url}`, `→ ${status} in ${r.ms.toFixed(1)} ms`, ''];
  for (const [name, value] of r.headers) lines.push(`${name}: ${value}`);
  lines.push('', r.body);
  return lines.join('\n');
}
