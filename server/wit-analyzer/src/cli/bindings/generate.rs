//! wit-bindgen's generators, each with the options `wit-bindgen <lang>`
//! defaults to, except that Rust output is formatted (with prettyplease, in
//! process, as `--format` does) and generates every imported interface (as
//! `--generate-all` does). Go output goes through `gofmt` when one is
//! on PATH, as `wit-bindgen go` does by default.

use std::path::{Path, PathBuf};

use wit_bindgen_core::wit_parser::{Resolve, WorldId};
use wit_bindgen_core::{Files, WorldGenerator};

/// The wit-bindgen release whose generators are linked in (pinned in the
/// workspace's `Cargo.toml`).
pub const WIT_BINDGEN_VERSION: &str = "0.63.0";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Rust,
    C,
    Cpp,
    CSharp,
    Go,
    MoonBit,
}

impl Language {
    pub const ALL: [Language; 6] = [
        Language::Rust,
        Language::C,
        Language::Cpp,
        Language::CSharp,
        Language::Go,
        Language::MoonBit,
    ];

    /// As `--lang` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::CSharp => "csharp",
            Language::Go => "go",
            Language::MoonBit => "moonbit",
        }
    }

    pub fn parse(text: &str) -> Option<Language> {
        let text = text.trim().to_ascii_lowercase();
        Language::ALL.into_iter().find(|lang| lang.name() == text)
    }

    /// How error messages name it.
    fn title(self) -> &'static str {
        match self {
            Language::Rust => "Rust",
            Language::C => "C",
            Language::Cpp => "C++",
            Language::CSharp => "C#",
            Language::Go => "Go",
            Language::MoonBit => "MoonBit",
        }
    }

    fn generator(self, out_dir: Option<&Path>) -> Box<dyn WorldGenerator> {
        match self {
            // `generate_all`: with no `with` mappings to give, every imported
            // interface is generated here (else the generator asks for one).
            Language::Rust => Box::new(
                wit_bindgen_rust::Opts {
                    format: true,
                    generate_all: true,
                    ..Default::default()
                }
                .build(),
            ),
            Language::C => wit_bindgen_c::Opts::default().build(),
            // The C++ generator leaves a user's own files in `out_dir` alone
            // and writes `.template` beside them instead.
            Language::Cpp => {
                wit_bindgen_cpp::Opts::default().build(out_dir.map(PathBuf::from).as_ref())
            }
            Language::CSharp => wit_bindgen_csharp::Opts::default().build(),
            Language::Go => wit_bindgen_go::Opts::default().build(),
            // `gen`, as its CLI defaults to; the crate's own default is empty,
            // which would name files `/ffi.mbt`.
            Language::MoonBit => wit_bindgen_moonbit::Opts {
                gen_dir: "gen".into(),
                ..Default::default()
            }
            .build(),
        }
    }
}

/// The files of `lang`'s bindings for `world`, by name, in the order the
/// generator made them.
pub fn generate(
    lang: Language,
    resolve: &mut Resolve,
    world: WorldId,
    out_dir: Option<&Path>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut generator = lang.generator(out_dir);
    let mut files = Files::default();
    let world_name = resolve.worlds[world].name.clone();
    // Some generators panic on what they do not support yet (`todo!`); that
    // is a message for the user, not a crash. The default hook would print
    // a backtrace hint first, so a quiet one stands in while they run.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        generator.generate(resolve, world, &mut files)
    }));
    std::panic::set_hook(hook);
    let failed = |why: String| {
        format!(
            "wit-bindgen {WIT_BINDGEN_VERSION} cannot generate {} bindings for world `{world_name}`: {why}",
            lang.title()
        )
    };
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(failed(format!("{e:#}"))),
        Err(panic) => {
            let why = (panic.downcast_ref::<String>().cloned())
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "no reason given".to_string());
            return Err(failed(format!("the generator stopped: {why}")));
        }
    }
    Ok(files
        .iter()
        .map(|(name, contents)| (name.to_string(), contents.to_vec()))
        .collect())
}
