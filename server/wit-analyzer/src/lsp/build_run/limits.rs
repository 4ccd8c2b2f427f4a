//! The `run` limits of `initializationOptions`, laid over the `[run]`
//! table of the workspace's `wit-analyzer.toml`.

use std::{collections::BTreeMap, path::PathBuf, time::Duration};

use runner::{DirGrant, RunOptions};
use serde::Deserialize;

/// `RunLimits` of `protocol.ts`. Every field may be left out; what is
/// left out keeps the workspace's (or the runner's default) value.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RunLimits {
    pub timeout_ms: Option<u64>,
    pub max_memory_bytes: Option<u64>,
    pub dirs: Vec<Grant>,
    pub env: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Grant {
    pub host: PathBuf,
    pub guest: String,
    /// Read-only unless the setting says `"writable": true`.
    #[serde(default)]
    pub writable: bool,
}

impl RunLimits {
    pub fn apply(&self, options: &mut RunOptions) {
        if let Some(ms) = self.timeout_ms {
            options.timeout = Duration::from_millis(ms);
        }
        if let Some(bytes) = self.max_memory_bytes {
            options.max_memory = usize::try_from(bytes).unwrap_or(usize::MAX);
        }
        options.dirs.extend(self.dirs.iter().map(|grant| DirGrant {
            host: grant.host.clone(),
            guest: grant.guest.clone(),
            writable: grant.writable,
        }));
        options
            .env
            .extend(self.env.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editors_limits_override_and_extend_the_workspaces() {
        let limits: RunLimits = serde_json::from_value(serde_json::json!({
            "timeoutMs": 1500, "maxMemoryBytes": 1048576,
            "dirs": [{"host": "/data", "guest": "/d"}], "env": {"K": "v"}
        }))
        .unwrap();
        let mut options = RunOptions {
            env: vec![("A".into(), "1".into())],
            ..RunOptions::default()
        };
        limits.apply(&mut options);
        assert_eq!(options.timeout, Duration::from_millis(1500));
        assert_eq!(options.max_memory, 1 << 20);
        assert_eq!(options.dirs[0].guest, "/d");
        assert_eq!(
            options.env,
            [("A".into(), "1".into()), ("K".into(), "v".into())]
        );

        let untouched = RunOptions::default();
        let mut options = RunOptions::default();
        RunLimits::default().apply(&mut options);
        assert_eq!(
            (options.timeout, options.max_memory),
            (untouched.timeout, untouched.max_memory)
        );
    }
}
