//! The long-lived runner: one engine, one WASI linker, compiled components.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use wasmtime::component::{Component, Instance, InstancePre, Linker};
use wasmtime::{Config, Engine, Store, WasmBacktraceDetails};

use crate::cache::{CacheStatus, CompiledCache, ContentKey, content_key};
use crate::call;
use crate::call_text;
use crate::exports::{self, ExportFunc, FuncEntry};
use crate::outcome::{RunError, RunOutcome, Timings};
use crate::sandbox::{self, Host, RunOptions, classify};
use crate::ticker::{ActiveCall, EpochTicker};

#[derive(Debug, Clone, Default)]
pub struct RunnerConfig {
    /// Where compiled components are kept between processes; `None` keeps
    /// them in memory only.
    pub cache_dir: Option<PathBuf>,
}

impl RunnerConfig {
    /// `$XDG_CACHE_HOME/wit-analyzer/components`, or `~/.cache/...`.
    pub fn default_cache_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
        Some(base.join("wit-analyzer").join("components"))
    }
}

/// Builds nothing, runs everything. Create one per process and share it:
/// it is `Send + Sync`, and every call gets its own store.
pub struct Runner {
    engine: Engine,
    /// Shared with compilations that outlive their deadline (see
    /// [`Runner::load_file_within`]).
    compiler: Arc<Compiler>,
    loaded: Mutex<Vec<LoadedEntry>>,
    ticker: EpochTicker,
}

/// What compiling a component needs.
struct Compiler {
    engine: Engine,
    linker: Linker<Host>,
    cache: CompiledCache,
}

/// What a file looked like when it was loaded, so an unchanged file is not
/// read and hashed again.
struct LoadedEntry {
    path: Option<PathBuf>,
    stamp: Option<(u64, SystemTime)>,
    key: ContentKey,
    component: Arc<LoadedComponent>,
}

/// How many loaded components stay in memory. Each rebuild of a guest
/// brings a new one, so old ones must go.
const LOADED_ENTRIES: usize = 16;

/// A compiled component, ready to instantiate.
pub struct LoadedComponent {
    pub(crate) pre: InstancePre<Host>,
    pub(crate) funcs: Vec<FuncEntry>,
    /// How long loading took, and where the compiled code came from.
    pub load_time: Duration,
    pub cache: CacheStatus,
}

impl LoadedComponent {
    pub fn exports(&self) -> Vec<ExportFunc> {
        self.funcs.iter().map(|e| e.func.clone()).collect()
    }
}

impl Runner {
    pub fn new(config: RunnerConfig) -> Result<Self, RunError> {
        Self::with_config(config, None)
    }

    /// A runner for a server that instantiates a component per request
    /// (`serve`): instances come from wasmtime's pooling allocator, which
    /// keeps memories and tables mapped between instances instead of
    /// mapping fresh ones each time, as `wasmtime serve` does. It reserves
    /// address space up front, so the language server's one-off runs do
    /// not use it.
    pub fn for_many_instances(config: RunnerConfig, max_memory: usize) -> Result<Self, RunError> {
        let mut pool = wasmtime::PoolingAllocationConfig::new();
        // A slot must hold the largest memory one request may have.
        pool.max_memory_size(max_memory.max(64 * 1024));
        Self::with_config(config, Some(pool))
    }

    fn with_config(
        config: RunnerConfig,
        pool: Option<wasmtime::PoolingAllocationConfig>,
    ) -> Result<Self, RunError> {
        let mut wasmtime_config = Config::new();
        if let Some(pool) = pool {
            wasmtime_config
                .allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool));
        }
        wasmtime_config.epoch_interruption(true);
        wasmtime_config.wasm_backtrace_details(WasmBacktraceDetails::Enable);
        // The workspace builds wasmtime with `gc` but no collector; guests
        // built from WIT use linear memory only.
        wasmtime_config.gc_support(false);
        // WASI 0.3: `async func` exports, streams and futures.
        wasmtime_config.wasm_component_model_async(true);
        // Getters and setters (`count: get() -> u32;`), which wit-parser and
        // wit-component accept: without it such a component does not load.
        wasmtime_config.wasm_component_model_accessors(true);
        let engine = Engine::new(&wasmtime_config).map_err(load_error)?;
        let linker = wasi_linker(&engine).map_err(load_error)?;
        let compiler = Compiler {
            cache: CompiledCache::new(&engine, config.cache_dir),
            engine: engine.clone(),
            linker,
        };
        Ok(Self {
            compiler: Arc::new(compiler),
            ticker: EpochTicker::start(&engine),
            loaded: Mutex::new(Vec::new()),
            engine,
        })
    }

    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Keeps the epoch clock ticking while the returned guard lives.
    pub(crate) fn begin_call(&self) -> ActiveCall<'_> {
        self.ticker.begin_call()
    }

    pub fn cache_dir(&self) -> Option<&Path> {
        self.compiler.cache.dir()
    }

    /// Loads a component file, reusing what an earlier load of the same
    /// unchanged file (or the same bytes) produced.
    pub fn load_file(&self, path: &Path) -> Result<Arc<LoadedComponent>, RunError> {
        self.load_file_keyed(path, None)
    }

    /// [`Runner::load_file`], giving up when compiling takes longer than
    /// `limit`: the run's timeout covers compiling too, which for a huge
    /// input can take minutes. The compilation goes on in the background
    /// (wasmtime cannot stop it) and its result is dropped, or cached.
    pub fn load_file_within(
        &self,
        path: &Path,
        limit: Duration,
    ) -> Result<Arc<LoadedComponent>, RunError> {
        self.load_file_keyed(path, Some(limit))
    }

    fn load_file_keyed(
        &self,
        path: &Path,
        limit: Option<Duration>,
    ) -> Result<Arc<LoadedComponent>, RunError> {
        let stamp = file_stamp(path);
        if let Some(hit) = self
            .find_loaded(|e| e.path.as_deref() == Some(path) && stamp.is_some() && e.stamp == stamp)
        {
            return Ok(hit);
        }
        let bytes = read_component_file(path).map_err(|why| RunError::Load {
            message: format!("cannot read {}: {why}", path.display()),
        })?;
        self.load_keyed(&bytes, Some(path), stamp, limit)
            .map_err(|e| match e {
                RunError::Load { message } => RunError::Load {
                    message: format!("{}: {message}", path.display()),
                },
                other => other,
            })
    }

    /// Loads a component from its bytes (the binary format, or WAT text).
    pub fn load_bytes(&self, bytes: &[u8]) -> Result<Arc<LoadedComponent>, RunError> {
        self.load_keyed(bytes, None, None, None)
    }

    fn load_keyed(
        &self,
        bytes: &[u8],
        path: Option<&Path>,
        stamp: Option<(u64, SystemTime)>,
        limit: Option<Duration>,
    ) -> Result<Arc<LoadedComponent>, RunError> {
        if bytes.len() as u64 > MAX_COMPONENT_BYTES {
            return Err(RunError::Load {
                message: too_large(bytes.len() as u64),
            });
        }
        let key = content_key(bytes);
        let component = match self.find_loaded(|e| e.key == key) {
            Some(hit) => hit,
            None => Arc::new(match limit {
                None => self.compiler.compile(bytes, &key, path)?,
                Some(limit) => self.compile_within(bytes, key, path, limit)?,
            }),
        };
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        loaded.retain(|e| e.key != key && (path.is_none() || e.path.as_deref() != path));
        if loaded.len() >= LOADED_ENTRIES {
            loaded.remove(0);
        }
        loaded.push(LoadedEntry {
            path: path.map(Path::to_path_buf),
            stamp,
            key,
            component: Arc::clone(&component),
        });
        Ok(component)
    }

    fn find_loaded(&self, matches: impl Fn(&LoadedEntry) -> bool) -> Option<Arc<LoadedComponent>> {
        let loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        loaded
            .iter()
            .find(|e| matches(e))
            .map(|e| Arc::clone(&e.component))
    }

    /// [`Compiler::compile`] on a thread of its own, which may outlive the
    /// wait and so owns its copy of the bytes.
    fn compile_within(
        &self,
        bytes: &[u8],
        key: ContentKey,
        path: Option<&Path>,
        limit: Duration,
    ) -> Result<LoadedComponent, RunError> {
        let (done, result) = std::sync::mpsc::channel();
        let compiler = Arc::clone(&self.compiler);
        let (bytes, path) = (bytes.to_vec(), path.map(Path::to_path_buf));
        std::thread::spawn(move || {
            let compiled = compiler.compile(&bytes, &key, path.as_deref());
            // Let go of the compiler before the answer: the runner's drop
            // then is the last one and waits for the disk cache's writers,
            // where otherwise the process could exit while this thread
            // still held them, and the entry would never be written.
            drop(compiler);
            let _ = done.send(compiled);
        });
        result.recv_timeout(limit).unwrap_or_else(|_| {
            Err(RunError::Timeout {
                limit,
                stdout: String::new(),
                stderr: String::new(),
            })
        })
    }

    pub fn list_exports(&self, component: &LoadedComponent) -> Vec<ExportFunc> {
        component.exports()
    }

    /// Calls one export in a fresh sandbox. `call` is WAVE call text such as
    /// `greet("world")`; its function name may be qualified
    /// (`acme:app/greeter.greet`) or bare when unambiguous.
    pub fn call(
        &self,
        component: &LoadedComponent,
        call: &str,
        options: &RunOptions,
    ) -> Result<RunOutcome, RunError> {
        let text = call_text::split(call).map_err(RunError::Wave)?;
        let entry = exports::find(&component.funcs, text.name)?;
        if entry.func.uses_resources {
            return Err(RunError::Unsupported {
                message: format!(
                    "`{}` takes or returns a resource handle, which WAVE cannot spell; \
                     call it within a session, where handles are numbers",
                    entry.func.qualified_name
                ),
            });
        }
        let params = call::parse_args(&text, entry, &[])?;
        let _ticking = self.begin_call();
        let (mut store, instance, instantiate) = self.instantiate(component, options)?;
        let mut timings = Timings {
            load: component.load_time,
            cache: component.cache,
            instantiate,
            ..Timings::default()
        };

        let func = instance
            .get_func(&mut store, entry.index)
            .expect("export index comes from this component");

        let start = Instant::now();
        let called = call::invoke(&mut store, func, entry, params);
        timings.call = start.elapsed();
        let results = called.map_err(|e| classify(e, store.data().captured(), options.timeout))?;
        // Resources were refused above, so no handle is ever added.
        let shown = call::show_results(&results, entry, &mut Vec::new())?;

        let (stdout, stderr) = store.data().captured();
        Ok(RunOutcome {
            results: shown,
            stdout,
            stderr,
            timings,
        })
    }

    /// A fresh sandbox with `component` instantiated in it, and how long
    /// instantiating took: where one-off calls and sessions both begin.
    pub(crate) fn instantiate(
        &self,
        component: &LoadedComponent,
        options: &RunOptions,
    ) -> Result<(Store<Host>, Instance, Duration), RunError> {
        let mut store = sandbox::new_store(&self.engine, options)
            .map_err(|message| RunError::Load { message })?;
        let _ticking = self.begin_call();
        let start = Instant::now();
        let stop = store.data().stop();
        let instance = sandbox::until_deadline(&stop, component.pre.instantiate_async(&mut store));
        let took = start.elapsed();
        let instance =
            instance.map_err(|e| classify(e, store.data().captured(), options.timeout))?;
        Ok((store, instance, took))
    }

    /// Loads `path` (from the caches when possible) and calls into it. The
    /// timings report this load: near zero when the component was in memory.
    pub fn call_file(
        &self,
        path: &Path,
        call: &str,
        options: &RunOptions,
    ) -> Result<RunOutcome, RunError> {
        let start = Instant::now();
        let before = self.find_loaded(|e| e.path.as_deref() == Some(path));
        let component = self.load_file_within(path, options.timeout)?;
        let reused = before.is_some_and(|b| Arc::ptr_eq(&b, &component));
        let mut outcome = self.call(&component, call, options)?;
        if reused {
            outcome.timings.load = start.elapsed();
            outcome.timings.cache = CacheStatus::Memory;
        }
        Ok(outcome)
    }
}

impl Compiler {
    /// `key` is `content_key(bytes)`; a binary passed through as it is
    /// keeps it rather than being hashed a second time.
    fn compile(
        &self,
        bytes: &[u8],
        key: &ContentKey,
        path: Option<&Path>,
    ) -> Result<LoadedComponent, RunError> {
        let start = Instant::now();
        let binary = crate::binary::component_binary(bytes, path)
            .map_err(|message| RunError::Load { message })?;
        let binary_key = match &binary {
            Cow::Borrowed(_) => *key,
            Cow::Owned(encoded) => content_key(encoded),
        };
        let (component, cache) = self
            .cache
            .get_or_compile(&self.engine, &binary, &binary_key)
            .map_err(load_error)?;
        let pre = self.instance_pre(&component).map_err(load_error)?;
        let funcs = exports::collect(&self.engine, &component);
        Ok(LoadedComponent {
            pre,
            funcs,
            load_time: start.elapsed(),
            cache,
        })
    }

    /// Links WASI; imports beyond WASI become functions that trap when called,
    /// so the exports that do not need them still run.
    fn instance_pre(&self, component: &Component) -> wasmtime::Result<InstancePre<Host>> {
        if let Ok(pre) = self.linker.instantiate_pre(component) {
            return Ok(pre);
        }
        let mut linker = wasi_linker(&self.engine)?;
        stub_non_wasi_imports(&self.engine, &mut linker, component)?;
        if let Ok(pre) = linker.instantiate_pre(component) {
            return Ok(pre);
        }
        let mut linker = wasi_linker(&self.engine)?;
        linker.define_unknown_imports_as_traps(component)?;
        linker.instantiate_pre(component)
    }
}

/// Functions that trap for every import outside `wasi:`. Wasmtime's own
/// `define_unknown_imports_as_traps` also stubs a WASI interface of a newer
/// patch version than ours (`wasi:cli/environment@0.2.9`, which
/// componentize-py imports), under its exact name, and that shadows the
/// semver-compatible one linked: the guest then traps on its first WASI call.
fn stub_non_wasi_imports(
    engine: &Engine,
    linker: &mut Linker<Host>,
    component: &Component,
) -> wasmtime::Result<()> {
    use wasmtime::component::types::ComponentItem;
    let trap = |name: String| {
        move |_: wasmtime::StoreContextMut<'_, Host>,
              _: wasmtime::component::types::ComponentFunc,
              _: &[wasmtime::component::Val],
              _: &mut [wasmtime::component::Val]| {
            Err::<(), _>(wasmtime::format_err!(
                "unknown import: `{name}` has not been defined"
            ))
        }
    };
    let ty = component.component_type();
    for (name, import) in ty.imports(engine) {
        if name.starts_with("wasi:") {
            continue;
        }
        match import.ty {
            ComponentItem::ComponentFunc(_) => {
                linker.root().func_new(name, trap(name.to_string()))?;
            }
            ComponentItem::ComponentInstance(instance) => {
                let mut stubs = linker.instance(name)?;
                for (item, export) in instance.exports(engine) {
                    match export.ty {
                        ComponentItem::ComponentFunc(_) => {
                            stubs.func_new(item, trap(format!("{name}#{item}")))?;
                        }
                        ComponentItem::Resource(_) => {
                            let host = wasmtime::component::ResourceType::host::<()>();
                            stubs.resource(item, host, |_, _| Ok(()))?;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// WASI 0.2 and 0.3 with `wasi:http`, all with async host functions: every
/// call runs on wasmtime's event loop (see `call`). With `wasi:http` linked,
/// an HTTP component both runs and serves.
fn wasi_linker(engine: &Engine) -> wasmtime::Result<Linker<Host>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    wasmtime_wasi::p3::add_to_linker(&mut linker)?;
    wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
    wasmtime_wasi_http::p3::add_to_linker(&mut linker)?;
    Ok(linker)
}

/// Compiling is not bounded by the deadline, so the input is: a real
/// component is a few MiB, a generated one rarely tens.
const MAX_COMPONENT_BYTES: u64 = 64 * 1024 * 1024;

/// The bytes of a regular file of at most [`MAX_COMPONENT_BYTES`]; `run
/// /dev/zero` or a FIFO is refused instead of read for ever.
fn read_component_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_COMPONENT_BYTES {
        return Err(too_large(meta.len()));
    }
    crate::cache::read_at_most(&file, MAX_COMPONENT_BYTES)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| too_large(MAX_COMPONENT_BYTES + 1))
}

fn too_large(bytes: u64) -> String {
    format!(
        "{} MiB is more than the {} MiB a component may have",
        bytes >> 20,
        MAX_COMPONENT_BYTES >> 20
    )
}

fn file_stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

fn load_error(e: wasmtime::Error) -> RunError {
    RunError::Load {
        message: format!("{e:#}"),
    }
}
