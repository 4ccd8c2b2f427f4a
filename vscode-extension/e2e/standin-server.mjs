#!/usr/bin/env node
// A stand-in language server for the client-protocol e2e case: it speaks just
// enough LSP to offer the ▶ Build and ▶ Run lenses of src/protocol.ts and to
// answer their commands, so the extension's side of that protocol is tested
// in a real VS Code without the real build and run. It appends every message it
// gets to $STANDIN_LOG (one JSON object a line) for the test to inspect.
import * as fs from 'node:fs';

const log = process.env.STANDIN_LOG;
const documents = new Map();
let buffer = Buffer.alloc(0);

process.stdin.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
    buffer = buffer.subarray(headerEnd + 4 + length);
    if (log) fs.appendFileSync(log, JSON.stringify(message) + '\n');
    handle(message);
  }
});

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

function handle({ id, method, params }) {
  switch (method) {
    case 'initialize':
      return send({
        id,
        result: {
          capabilities: {
            textDocumentSync: 1,
            codeLensProvider: {},
            executeCommandProvider: {
              commands: ['wit-analyzer.server.build', 'wit-analyzer.server.run', 'wit-analyzer.server.checkWorkspace', 'wit-analyzer.server.breakingChanges'],
            },
          },
        },
      });
    case 'textDocument/didOpen':
      return documents.set(params.textDocument.uri, params.textDocument.text);
    case 'textDocument/didChange':
      return documents.set(params.textDocument.uri, params.contentChanges.at(-1).text);
    case 'textDocument/codeLens':
      return send({ id, result: lenses(params.textDocument.uri) });
    case 'workspace/executeCommand':
      return send({ id, result: execute(params.command, params.arguments?.[0]) });
    case 'shutdown':
      return send({ id, result: null });
    case 'exit':
      return process.exit(0);
    default:
      if (id !== undefined) send({ id, result: null });
  }
}

/** ▶ Build over each `world`, ▶ Run over each `export name: func(...)` in it. */
function lenses(uri) {
  const out = [];
  let world;
  (documents.get(uri) ?? '').split('\n').forEach((line, i) => {
    const range = { start: { line: i, character: 0 }, end: { line: i, character: line.length } };
    const w = /^\s*world\s+([\w-]+)/.exec(line);
    if (w) {
      world = w[1];
      out.push({ range, command: { title: '▶ Build', command: 'wit-analyzer.buildComponent', arguments: [{ uri, world }] } });
    }
    const f = /^\s*export\s+([\w-]+)\s*:\s*func/.exec(line);
    if (f && world) {
      const args = { uri, world, export: f[1], template: '("")', range };
      out.push({ range, command: { title: '▶ Run', command: 'wit-analyzer.runExport', arguments: [args] } });
    }
  });
  return out;
}

function execute(command, args) {
  if (command === 'wit-analyzer.server.checkWorkspace') return { files: documents.size, errors: 0, warnings: 0 };
  if (command === 'wit-analyzer.server.breakingChanges') {
    const [uri] = documents.keys();
    const range = { start: { line: 5, character: 4 }, end: { line: 5, character: 9 } };
    return { baseline: args.baseline, changes: uri === undefined ? [] : [{ uri, range, message: `greet changed since ${args.baseline}` }] };
  }
  if (command === 'wit-analyzer.server.build') {
    return { ok: true, component: `/tmp/${args.world}.wasm`, log: `stand-in build of ${args.world}`, durationMs: 12 };
  }
  if (command === 'wit-analyzer.server.run') {
    // Echoes the argument so the test sees that what was typed reached the server.
    const name = /^\("(.*)"\)$/.exec(args.args.trim())?.[1];
    return name === undefined
      ? { uri: args.uri, world: args.world, export: args.export, error: `expected ("name"), got ${args.args}`, stdout: '', stderr: '', timings: { callMs: 0.02 } }
      : { uri: args.uri, world: args.world, export: args.export, result: JSON.stringify(`Hello, ${name}!`), stdout: `greeting ${name}\n`, stderr: '', timings: { instantiateMs: 1.5, callMs: 0.04 } };
  }
  return null;
}
