/**
 * The wit-analyzer extensions to LSP: everything the client and server agree on
 * beyond the standard protocol. Kept in this one file so the server side can be
 * checked against it. All paths are absolute file-system paths; all URIs are
 * `file://` URIs; ranges are LSP ranges (UTF-16 columns).
 *
 * 1. `initialize.initializationOptions` is an {@link InitializationOptions}.
 *    When it changes (settings edited, workspace trust granted) the client sends
 *    `workspace/didChangeConfiguration` with `settings` set to the new
 *    {@link InitializationOptions}; the server replaces the old one. New feature
 *    gates re-check the workspace. A client that registers capabilities at run
 *    time (this one does) gets `disable` applied at once; others at restart. A
 *    `workspace/configuration` request for the section `wit-analyzer` is
 *    answered with the same object.
 *
 * 2. The server advertises the {@link ServerCommand}s in
 *    `executeCommandProvider.commands` and answers `workspace/executeCommand`
 *    with the result type named next to each. It must refuse build and run
 *    (an LSP error, code -32600) while `trusted` is false.
 *
 * 3. Code lenses the server returns name *client* commands
 *    ({@link ClientCommand}), never the server's: the client checks trust and
 *    asks for the arguments before calling the server.
 *    - over a world:  `▶ Build`, command `wit-analyzer.buildComponent`,
 *      arguments `[BuildParams]`;
 *    - over an export function of a world that has been built (or can be):
 *      `▶ Run`, command `wit-analyzer.runExport`, arguments `[RunLensArgs]`.
 *
 *    - over a world that exports an HTTP handler (`wasi:http/incoming-handler`,
 *      `wasi:http/handler`, or through `include wasi:http/proxy`/`service`):
 *      `▶ Serve`, command `wit-analyzer.serveWorld`, arguments `[ServeParams]`;
 *      while it is served, `■ Stop <url>` (`wit-analyzer.stopServing`,
 *      `[ServeParams]`) and `Send Request…` (`wit-analyzer.sendRequest`,
 *      `[SendRequestArgs]`). The server asks for `workspace/codeLens/refresh`
 *      when serving starts or stops.
 *
 * 4. A run's outcome is the {@link RunResult} answer to `wit-analyzer.server.run`.
 *    A server that finishes runs later may answer `null` and send the
 *    {@link runResultNotification} when done; the client treats both alike.
 *
 * 5. A served world's request log comes as {@link serveLogNotification}s, one
 *    per request once it is answered.
 *
 * 6. Build and run report work-done progress that is `cancellable`: on the
 *    `workDoneToken` of the `workspace/executeCommand` request when the client
 *    sends one, else on a token the server creates. The build's output lines
 *    are its `report` messages. `window/workDoneProgress/cancel` for the token
 *    kills the build tool (and what it started) or stops the guest at once;
 *    the answer is then a failed build or a run whose error says it was
 *    cancelled.
 *
 * 7. `wit-analyzer/componentWit` ({@link ComponentWitParams} →
 *    {@link ComponentWitResult}) decodes a `.wasm` component into a read-only
 *    WIT document under a `wit-analyzer-component:` URI (the component's
 *    `file:` URI with that scheme and `.wit` appended). The client opens that
 *    URI; the server answers hover, definition, symbols, folding and
 *    semantic tokens in it, and refuses edits. An input that is no component
 *    is an error whose `data` is a {@link ComponentWitErrorData}.
 *
 * 8. A `Show Bindings…` lens over each world names the client command
 *    `wit-analyzer.showBindings` with `[BindingsLensArgs]`; the client asks for
 *    the language and sends `wit-analyzer/bindings` ({@link BindingsParams} →
 *    {@link BindingsResult}), again whenever the WIT changes.
 *
 * 9. `.wac` documents get diagnostics, definition and a `▶ Compose` lens
 *    naming the client command `wit-analyzer.compose` with `[{uri}]`; the
 *    client sends `wit-analyzer/compose` ({@link ComposeParams} →
 *    {@link ComposeResult}), which writes `NAME.wasm` beside `NAME.wac`.
 */

import type { Range } from 'vscode-languageclient';

/** Sent in `initialize` and in every `workspace/didChangeConfiguration`. */
export interface InitializationOptions {
  /** False in an untrusted workspace: the server must not build or run. */
  trusted: boolean;
  /** Breaking-change baseline: a git ref (`v1.0.0`, `HEAD~1`) or a directory. */
  baseline?: string;
  /** WIT `@unstable(feature = …)` gates to enable, as `check --features`. */
  features: string[];
  /** Enable every gate, as `check --all-features`. */
  allFeatures: boolean;
  /** LSP capabilities the server leaves out; a capability not named is on. */
  disable: CapabilitySwitch[];
  run: RunLimits;
  /** Which items get "N references" lenses (default: interfaces and types). */
  referenceLenses?: { interfaces: boolean; types: boolean; worlds: boolean; resources: boolean };
  /** What inlay hints show: what `use`d names are (default on), ABI facts (default off). */
  inlayHints?: { aliases: boolean; abi: boolean };
}

/** What `disable` may name; the server's `lsp/options.rs` has the same list. */
export const CAPABILITY_SWITCHES = [
  'diagnostics',
  'hover',
  'completion',
  'definition',
  'references',
  'rename',
  'documentSymbols',
  'folding',
  'semanticTokens',
  'codeActions',
  'codeLens',
  'formatting',
] as const;

export type CapabilitySwitch = (typeof CAPABILITY_SWITCHES)[number];

/** The sandbox every run of an export gets. */
export interface RunLimits {
  timeoutMs: number;
  maxMemoryBytes: number;
  /** Host directories pre-opened in the guest. Host paths are absolute. */
  dirs: DirGrant[];
  /** Environment variables the guest sees; it sees no others. */
  env: Record<string, string>;
}

export interface DirGrant {
  host: string;
  guest: string;
  /** The guest may write there too; read-only when left out. */
  writable?: boolean;
}

/** Commands the server executes (`workspace/executeCommand`). */
export const ServerCommand = {
  /** `[BuildParams]` -> {@link BuildResult} */
  build: 'wit-analyzer.server.build',
  /** `[RunParams]` -> {@link RunResult} or `null` (see the notification). */
  run: 'wit-analyzer.server.run',
  /** `[]` -> {@link CheckSummary}; diagnostics of every file get published. */
  checkWorkspace: 'wit-analyzer.server.checkWorkspace',
  /**
   * `[BreakingChangesParams]` -> {@link BreakingChangesResult}. The changes are
   * also published as diagnostics (as for the `baseline` setting), following
   * edits, until `clearBreakingChanges`.
   */
  breakingChanges: 'wit-analyzer.server.breakingChanges',
  /** `[]` -> `{ cleared: boolean }`: takes those diagnostics away again. */
  clearBreakingChanges: 'wit-analyzer.server.clearBreakingChanges',
  /** `[ServeParams]` -> {@link ServeResult}: builds, then serves on a free loopback port. */
  serve: 'wit-analyzer.server.serve',
  /** `[StopServingParams]` -> `{ stopped: boolean }` */
  stopServing: 'wit-analyzer.server.stopServing',
  /** `[EndSessionParams]` -> `{ ended: boolean }`: drops the world's session and its handles. */
  endSession: 'wit-analyzer.server.endSession',
  /**
   * `[NewGuestParams]` -> {@link NewGuestResult}: the "New … guest for world"
   * code actions run it; the server opens the new project's source itself.
   */
  newGuest: 'wit-analyzer.server.newGuest',
} as const;

/** Commands the client registers; code lenses name these. */
export const ClientCommand = {
  restartServer: 'wit-analyzer.restartServer',
  showOutput: 'wit-analyzer.showOutput',
  statusMenu: 'wit-analyzer.statusMenu',
  toggleLenses: 'wit-analyzer.toggleCodeLenses',
  buildComponent: 'wit-analyzer.buildComponent',
  runExport: 'wit-analyzer.runExport',
  runInSession: 'wit-analyzer.runInSession',
  endRunSession: 'wit-analyzer.endRunSession',
  checkWorkspace: 'wit-analyzer.checkWorkspace',
  showBreakingChanges: 'wit-analyzer.showBreakingChanges',
  clearBreakingChanges: 'wit-analyzer.clearBreakingChanges',
  serveWorld: 'wit-analyzer.serveWorld',
  stopServing: 'wit-analyzer.stopServing',
  sendRequest: 'wit-analyzer.sendRequest',
  showComponentWit: 'wit-analyzer.showComponentWit',
  showBindings: 'wit-analyzer.showBindings',
  compose: 'wit-analyzer.compose',
} as const;

export interface BuildParams {
  /** A `.wit` file or package directory. */
  uri: string;
  /** The world to build; the server picks the only one when absent. */
  world?: string;
  /**
   * The directory of the guest project to build, when guests in several
   * languages build the world (`▶ Build JavaScript`, `▶ Build Python`).
   */
  guest?: string;
}

export interface BuildResult {
  ok: boolean;
  /** Path of the built component, when `ok`. */
  component?: string;
  /** The build tool's output, shown in the output channel. */
  log: string;
  /** What went wrong, one line, when not `ok`. */
  error?: string;
  durationMs: number;
}

/** The arguments of a `▶ Run` lens. */
export interface RunLensArgs {
  uri: string;
  world: string;
  /** The export as the runner names it: `greet` or `my:pkg/iface#greet`. */
  export: string;
  /** WAVE text for the arguments with placeholders, e.g. `("")`. */
  template: string;
  /** The declaration on one line, e.g. `greet: func(name: string) -> string`. */
  signature?: string;
  /**
   * It takes or returns a resource (a resource's constructor, methods and
   * static functions): it runs in the world's session, where handles are numbers.
   */
  session?: boolean;
  /** Where the function is declared; the inline result goes on its line. */
  range: Range;
}

export interface RunParams {
  uri: string;
  world: string;
  export: string;
  /** WAVE text of the argument tuple the user typed, e.g. `("world", 3)`. */
  args: string;
  /**
   * Run in the world's session: one instance kept between such runs, so a
   * handle a constructor returned (`1`) can be passed to a later call.
   */
  session?: boolean;
}

export interface RunTimings {
  buildMs?: number;
  instantiateMs?: number;
  callMs: number;
}

export interface RunResult {
  /** Which run this is the result of. */
  uri: string;
  world: string;
  export: string;
  /** The returned value as WAVE text, when the call returned. */
  result?: string;
  /** Why the run failed (trap, timeout, bad arguments), when it did. */
  error?: string;
  stdout: string;
  stderr: string;
  timings: RunTimings;
  /**
   * Where in the typed `args` a WAVE error is, in UTF-16 code units (the
   * units of a JavaScript string), for a caret under it.
   */
  argsError?: { start: number; end: number };
  /** After a run in session: the session and its handles. */
  session?: SessionState;
}

export interface SessionState {
  /** This run started it: the first, or after End Session, a trap or a rebuild. */
  started: boolean;
  /** False once the guest trapped: the next run starts a new session. */
  alive: boolean;
  handles: LiveHandle[];
}

export interface LiveHandle {
  /** The number later calls pass. */
  handle: number;
  /** The resource, when a constructor returned it. */
  resource?: string;
  /** The call that returned it, e.g. `[constructor]cart("EUR")`. */
  createdBy: string;
}

export interface EndSessionParams {
  world: string;
}

export interface NewGuestParams {
  uri: string;
  /** `ns:pkg/world`. */
  world: string;
  lang: 'rust' | 'js' | 'python';
}

export interface NewGuestResult {
  /** The project's directory, beside the WIT package's folder. */
  dir: string;
  world: string;
  files: string[];
}

export const runResultNotification = 'wit-analyzer/runResult';

export interface CheckSummary {
  files: number;
  errors: number;
  warnings: number;
}

export interface BreakingChangesParams {
  /** A git ref or a directory, as in {@link InitializationOptions.baseline}. */
  baseline: string;
}

export interface BreakingChange {
  uri: string;
  range: Range;
  message: string;
}

export interface BreakingChangesResult {
  baseline: string;
  changes: BreakingChange[];
}

export interface ServeParams {
  uri: string;
  world: string;
}

export interface StopServingParams {
  world: string;
}

export interface ServeResult {
  ok: boolean;
  world: string;
  /** `http://127.0.0.1:PORT/`, when `ok`. */
  url?: string;
  component?: string;
  /** Which handler it exports, e.g. `WASI 0.2, wasi:http/incoming-handler`. */
  handler?: string;
  error?: string;
}

/** The arguments of a `Send Request…` lens. */
export interface SendRequestArgs {
  world: string;
  url: string;
}

export interface ServeLog {
  world: string;
  url: string;
  /** `GET /echo 200 1.2 ms`, then the guest's output (`  | `) and any error, on lines of their own. */
  text: string;
  status: number;
  failed: boolean;
}

export const serveLogNotification = 'wit-analyzer/serveLog';

export const componentWitRequest = 'wit-analyzer/componentWit';
export const COMPONENT_SCHEME = 'wit-analyzer-component';

export interface ComponentWitParams {
  /** The component's `file:` URI, or a view's own `wit-analyzer-component:` URI. */
  uri: string;
}

export interface ComponentWitResult {
  /** The view: `wit-analyzer-component:` + the component's path + `.wit`. */
  uri: string;
  /** The component's `file:` URI. */
  component: string;
  text: string;
  /** `root:component/root`. */
  world: string;
  imports: string[];
  exports: string[];
  /** Bytes of the component binary. */
  size: number;
}

export interface ComponentWitErrorData {
  /** The first three are files to show some other way; the last two are failures. */
  kind: 'core-module' | 'wit-package' | 'not-wasm' | 'invalid' | 'unreadable';
}

export const bindingsRequest = 'wit-analyzer/bindings';
export const BINDINGS_SCHEME = 'wit-analyzer-bindings';

export interface BindingsLensArgs {
  /** A `.wit` file of the world's workspace. */
  uri: string;
  /** `ns:pkg/world@version`. */
  world: string;
}

export interface BindingsParams extends BindingsLensArgs {
  /** `rust`, `c`, `cpp`, `csharp`, `go`, `moonbit` (wit-bindgen 0.63), or `ts` (`jco types`). */
  lang: string;
}

export interface BindingsResult {
  /** The files, several under `// === file: NAME ===` lines; when `stale`, a banner and the last good text. */
  text: string;
  /** The WIT (or the generator) failed now; `error` says why. */
  stale: boolean;
  error?: string;
}

export const composeRequest = 'wit-analyzer/compose';

export interface ComposeParams {
  /** The `.wac` document. */
  uri: string;
}

export interface ComposeResult {
  ok: boolean;
  /** The composed component's `file:` URI, when `ok`. */
  output?: string;
  size?: number;
  imports?: string[];
  exports?: string[];
  /** `LINE:COL: message` for each error, when not `ok`. */
  errors: string[];
}
