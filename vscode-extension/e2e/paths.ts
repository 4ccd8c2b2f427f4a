/** Where the e2e suite finds its inputs and puts its outputs; each can be overridden by an env var. */

import * as path from 'node:path';

export const extensionDir = path.resolve(__dirname, '..');
export const repoRoot = path.resolve(extensionDir, '..');

/** Made by `bash ../shared/tools/install-vscode-test-env.sh PREFIX`. */
export const testEnvDir = process.env.VSCODE_TEST_ENV ?? path.join(repoRoot, 'target/vscode-test-env');
export const codeServerBin = path.join(testEnvDir, 'node_modules/.bin/code-server');
export const chromiumBin = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Made by `npm run package`. */
export const vsixPath = process.env.E2E_VSIX ?? path.join(extensionDir, 'wit-analyzer-linux-x64.vsix');

/** Screenshots (one per step, per case), logs, and the installed extension. */
export const outputDir = process.env.E2E_OUTPUT ?? path.join(extensionDir, 'e2e-output');
export const extensionsDir = path.join(outputDir, 'extensions');
