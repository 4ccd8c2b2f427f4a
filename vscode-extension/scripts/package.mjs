// `npm run package`: bundles the extension, puts the release server binary in
// server/, and writes wit-analyzer-<target>.vsix.
//
//   WIT_ANALYZER_SERVER=/path/to/wit-analyzer  ship this binary instead of building one
//   VSCE_TARGET=darwin-arm64                   the platform the binary is for (default: this machine's)
//
// Without WIT_ANALYZER_SERVER it runs `cargo build --release --locked -p wit-analyzer`
// for this machine.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inlineImages } from './readmeImages.mjs';

const extensionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(extensionDir, '..');
const target = process.env.VSCE_TARGET ?? `${process.platform}-${process.arch}`;
const exe = target.startsWith('win32') ? 'wit-analyzer.exe' : 'wit-analyzer';

function run(command, args, cwd) {
  console.log(`$ ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd, stdio: 'inherit' });
}

function serverBinary() {
  const given = process.env.WIT_ANALYZER_SERVER;
  if (given !== undefined && given !== '') {
    if (!fs.statSync(given, { throwIfNoEntry: false })?.isFile()) {
      throw new Error(`WIT_ANALYZER_SERVER=${given}: no such file`);
    }
    return given;
  }
  run('cargo', ['build', '--release', '--locked', '-p', 'wit-analyzer'], repoRoot);
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repoRoot, 'target');
  return path.join(targetDir, 'release', exe);
}

try {
  const binary = serverBinary();
  const serverDir = path.join(extensionDir, 'server');
  fs.rmSync(serverDir, { recursive: true, force: true });
  fs.mkdirSync(serverDir);
  fs.copyFileSync(binary, path.join(serverDir, exe));
  fs.chmodSync(path.join(serverDir, exe), 0o755);
  console.log(`server: ${binary} -> server/${exe}`);

  run(process.execPath, ['scripts/build.mjs', '--production'], extensionDir);
  const out = `wit-analyzer-${target}.vsix`;
  // The extension page loads images only from https: and data: URIs; the
  // packaged README carries its images inline (see readmeImages.mjs).
  const readme = path.join(extensionDir, 'dist', 'README.md');
  fs.writeFileSync(readme, inlineImages(fs.readFileSync(path.join(extensionDir, 'README.md'), 'utf8'), extensionDir));
  // The bundle has every dependency inside.
  run(
    process.execPath,
    [
      path.join(extensionDir, 'node_modules/@vscode/vsce/vsce'),
      'package',
      '--target', target,
      '--no-dependencies',
      '--no-rewrite-relative-links',
      '--readme-path', path.relative(extensionDir, readme),
      '--allow-missing-repository',
      '--skip-license',
      '--out', out,
    ],
    extensionDir,
  );
  console.log(`wrote ${path.join(extensionDir, out)}`);
} catch (e) {
  console.error(`npm run package: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
