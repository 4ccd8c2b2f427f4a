//! Zed dev extension: starts `wit-analyzer` from PATH for files of the `WIT`
//! language (which Zed's WIT language extension provides).
use zed_extension_api as zed;

struct WitAnalyzer;

impl zed::Extension for WitAnalyzer {
    fn new() -> Self {
        WitAnalyzer
    }

    fn language_server_command(
        &mut self,
        _id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let command = worktree
            .which("wit-analyzer")
            .ok_or("wit-analyzer is not on PATH")?;
        Ok(zed::Command {
            command,
            args: vec![],
            env: Default::default(),
        })
    }
}

zed::register_extension!(WitAnalyzer);
