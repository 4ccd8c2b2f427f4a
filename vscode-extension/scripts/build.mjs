// Bundles the extension into dist/extension.js. `--production` minifies and drops the source map.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
await esbuild.build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Provided by VS Code at run time.
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
});
