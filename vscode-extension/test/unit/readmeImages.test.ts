import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the packaging scripts, without types.
import { inlineImages } from '../../scripts/readmeImages.mjs';

const inline = inlineImages as (markdown: string, dir: string) => string;

describe('README images for the extension page', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  fs.mkdirSync(path.join(dir, 'images'));
  fs.writeFileSync(path.join(dir, 'images/a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));

  it('inlines a relative image as a data URI, which the page allows', () => {
    expect(inline('see ![A shot](images/a.png) here', dir)).toBe('see ![A shot](data:image/png;base64,iVBORw==) here');
  });
  it('keeps absolute images and links as they are', () => {
    const text = '![x](https://example.com/x.png) [images/a.png](images/a.png)';
    expect(inline(text, dir)).toBe(text);
  });
  it('names a missing image', () => {
    expect(() => inline('![gone](images/gone.png)', dir)).toThrow(/images\/gone\.png/);
  });
  it('inlines every image the shipped README has', () => {
    const extensionDir = path.resolve(__dirname, '../..');
    const packaged = inline(fs.readFileSync(path.join(extensionDir, 'README.md'), 'utf8'), extensionDir);
    expect(packaged).not.toMatch(/!\[[^\]]*\]\((?!data:)/);
  });
});
