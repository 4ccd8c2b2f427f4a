/** Installs the packaged extension once into the extensions directory every case's VS Code uses. */

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { codeServerBin, chromiumBin, extensionsDir, outputDir, vsixPath } from './paths';

export default function setup(): void {
  const missing = [
    [codeServerBin, 'run: bash ../shared/tools/install-vscode-test-env.sh "$VSCODE_TEST_ENV"'],
    [chromiumBin, 'run: bash ../shared/tools/install-vscode-test-env.sh "$VSCODE_TEST_ENV"'],
    [vsixPath, 'run: WIT_ANALYZER_SERVER=../target/debug/wit-analyzer npm run package'],
  ].filter(([p]) => !fs.existsSync(p as string));
  if (missing.length > 0) {
    throw new Error(`e2e setup: missing ${missing.map(([p, fix]) => `${p} (${fix})`).join('; ')}`);
  }
  fs.rmSync(outputDir, { recursive: true, force: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  execFileSync(codeServerBin, ['--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
