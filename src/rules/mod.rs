//! Page rules: MediaWiki's `-{ }-` conversion markup, `{{NoteTA}}`, conversion groups (CGroup
//! files) and user glossaries. All of them become the same thing: a positioned rule that
//! changes an edition's conversion table from that point on.
//!
//! CONTRACT: `markup` (block extents), `CGroups`, `Glossary`, `RuleOrigin` are used by other
//! modules; the rules owner fills them in and may add fields/functions.

pub mod markup;

/// Where a rule came from, for `explain` and messages.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleOrigin {
    /// A `-{ }-` block at this 1-based line and column of the source.
    Markup { line: usize, column: usize },
    /// A `{{NoteTA}}` numbered rule (`n` is the parameter number) at this line.
    NoteTA { line: usize, n: usize },
    /// An entry of a conversion group.
    CGroup { group: String, index: usize },
    /// A glossary entry.
    Glossary { file: String, line: usize },
}

/// Conversion groups, by name (what `{{NoteTA|G1=IT}}` refers to).
#[derive(Clone, Debug, Default)]
pub struct CGroups {}

/// A user glossary.
#[derive(Clone, Debug, Default)]
pub struct Glossary {}
