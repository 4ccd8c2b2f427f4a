// The README as the extension page shows it: VS Code renders it in a webview
// whose Content-Security-Policy lets images come only from https: or data:
// URIs, so the relative `images/…` links that GitHub shows are inlined as
// data URIs in the packaged copy (`npm run package`).
import * as fs from 'node:fs';
import * as path from 'node:path';

const TYPES = { '.png': 'image/png', '.svg': 'image/svg+xml', '.gif': 'image/gif', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

/** `markdown` with each relative image `![alt](file)` inlined from `dir`. */
export function inlineImages(markdown, dir) {
  return markdown.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, alt, target) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return whole;
    const file = path.join(dir, target);
    const type = TYPES[path.extname(file).toLowerCase()];
    if (type === undefined) throw new Error(`README image ${target}: not an image type the extension page shows`);
    if (!fs.existsSync(file)) throw new Error(`README image ${target}: ${file} does not exist`);
    return `![${alt}](data:${type};base64,${fs.readFileSync(file).toString('base64')})`;
  });
}
