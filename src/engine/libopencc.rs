//! The optional backend (cargo feature `libopencc`): the system's OpenCC C++ library through
//! opencc-rust. Debian and Ubuntu ship libopencc 1.1.x, whose dictionaries and algorithm
//! differ from 1.4.2 (no normalization, no IDS units, older data), so its output is not
//! tongwen's; the backend exists to compare against, and to use an installed OpenCC.
//!
//! Only conversion goes through the library. Cutting (`phrase_len_at`, `split_point`) uses
//! the built-in engine of the same config name when there is one: its phrase boundaries are
//! OpenCC 1.4.2's, a close approximation of the library's (no key of either contains a
//! newline, so newline cuts stay exact).

use std::path::Path;
use std::sync::Arc;

use super::{BUILTIN_CONFIGS, Converter, Engine, EngineError};

/// A config opened in the system library.
pub struct System {
    lib: opencc_rust::OpenCC,
    engine: Option<Arc<Engine>>,
}

impl System {
    /// `config`: a config name (`s2twp`, found in the library's data folder) or a path.
    pub fn new(config: &str) -> Result<System, EngineError> {
        let name = config.strip_suffix(".json").unwrap_or(config);
        let path = if Path::new(config).is_file() {
            config.to_string()
        } else if BUILTIN_CONFIGS.contains(&name) {
            format!("{name}.json")
        } else {
            return Err(EngineError::UnknownConfig(config.to_string()));
        };
        let lib = opencc_rust::OpenCC::new(&path).map_err(|e| EngineError::Config {
            path: path.clone(),
            message: format!("the system OpenCC library cannot open it: {e}"),
        })?;
        let engine = Converter::builtin(name).ok().and_then(|c| match c.backend {
            super::Backend::Native(e) => Some(e),
            #[allow(unreachable_patterns)]
            _ => None,
        });
        Ok(System { lib, engine })
    }

    pub fn convert(&self, text: &str) -> String {
        self.lib.convert(text)
    }

    /// The built-in engine used for cutting, if the config has a built-in namesake.
    pub(crate) fn engine(&self) -> Option<&Engine> {
        self.engine.as_deref()
    }
}
