//! Page rules: MediaWiki's `-{ }-` conversion markup, `{{NoteTA}}`, conversion groups (CGroup
//! files) and user glossaries. All of them become the same thing: a positioned rule that
//! changes an edition's conversion table from that point on.
//!
//! CONTRACT: `markup` (block extents), `CGroups`, `Glossary`, `RuleOrigin`, `RulesError` are used
//! by other modules; owners fill them in and may add fields/functions.
//!
//! Submodules, from syntax to tables:
//! - [`markup`]: where `-{ … }-` blocks start and end (nesting, depth 10, linear);
//! - [`codes`]: variant codes as rule bodies spell them, MediaWiki's variant names;
//! - [`body`]: one body's flags, variant list, display text and table pairs (MediaWiki's
//!   `ConverterRule`);
//! - [`block`]: evaluating a block with its nested blocks, inner first;
//! - [`table`]: an edition's rule table at a point of the article, and the matcher;
//! - [`alike`]: which editions of a page its rules treat alike (rendered once);
//! - [`layers`]: glossaries and conversion groups as cached shared layers;
//! - [`cgroup`]: the conversion group file format and loader;
//! - [`glossary`]: the glossary file format and loader.

pub mod alike;
pub mod block;
pub mod body;
pub mod cgroup;
pub mod codes;
pub mod glossary;
pub mod layers;
pub mod markup;
pub mod table;

use std::collections::BTreeMap;

use crate::variant::Variant;

/// Where a rule came from, for `explain` and messages.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleOrigin {
    /// A `-{ }-` block at this 1-based line and column of the source.
    Markup { line: usize, column: usize },
    /// A `{{NoteTA}}` numbered rule (`n` is the parameter number) at this line.
    NoteTA { line: usize, n: usize },
    /// An entry of a conversion group (`index` counts from 0 in the group file's rule list;
    /// `line` is its line in that file when known).
    CGroup {
        group: String,
        index: usize,
        line: usize,
    },
    /// A glossary entry.
    Glossary { file: String, line: usize },
}

/// Errors loading rule files (CGroup files, glossaries).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    Io { file: String, message: String },
}

/// Conversion groups, by name (what `{{NoteTA|G1=IT}}` refers to).
#[derive(Clone, Debug, Default)]
pub struct CGroups {
    pub groups: BTreeMap<String, CGroup>,
}

/// One conversion group: rule bodies in `-{H|…}-` body syntax.
#[derive(Clone, Debug, Default)]
pub struct CGroup {
    pub name: String,
    /// The file it was loaded from.
    pub file: String,
    pub rules: Vec<CGroupRule>,
}

#[derive(Clone, Debug, Default)]
pub struct CGroupRule {
    /// A rule body such as `zh-cn:内存;zh-tw:記憶體;` or `存取=>zh-cn:访问;`.
    pub body: String,
    /// 1-based line in the group file.
    pub line: usize,
}

/// A user glossary: house decisions that behave like `-{H|…}-` rules for the whole article.
#[derive(Clone, Debug, Default)]
pub struct Glossary {
    /// The file it was loaded from (as given).
    pub file: String,
    pub entries: Vec<GlossaryEntry>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// 1-based line of the entry in the file.
    pub line: usize,
    /// Per-variant forms (`zh-cn: 软件`, `zh-tw: 軟體`, …), in file order.
    pub forms: Vec<(Variant, String)>,
    /// A word to keep unchanged in every edition (`keep: 乾隆`).
    pub keep: Option<String>,
    pub note: Option<String>,
}
