//! Where the renderer reports provenance: nowhere ([`NoTrace`], for `render`, compiled away),
//! or into a list of [`Piece`]s ([`Trace`], for `render_traced`).

use std::ops::Range;

use crate::engine::DictHit;
use crate::rules::RuleOrigin;
use crate::rules::table::RuleSource;

use super::lines::LineIndex;
use super::{Origin, Piece};

/// Receives one call per piece of output, in output order.
pub trait Sink {
    /// False for the no-op sink: callers skip building provenance.
    const TRACED: bool;
    /// False when dictionary pieces need no hits (whole runs, no engine trace).
    fn wants_hits(&self) -> bool {
        Self::TRACED
    }
    fn kept(&mut self, source: Range<usize>, output: &str);
    fn dictionary(&mut self, source: Range<usize>, output: &str, config: &str, hits: Vec<DictHit>);
    fn rule(&mut self, source: Range<usize>, output: &str, origin: &RuleSource);
    fn markup(&mut self, source: Range<usize>, output: &str);
    fn synthesised(&mut self, at: usize, output: &str);
}

/// Discards everything.
pub struct NoTrace;

impl Sink for NoTrace {
    const TRACED: bool = false;
    fn kept(&mut self, _: Range<usize>, _: &str) {}
    fn dictionary(&mut self, _: Range<usize>, _: &str, _: &str, _: Vec<DictHit>) {}
    fn rule(&mut self, _: Range<usize>, _: &str, _: &RuleSource) {}
    fn markup(&mut self, _: Range<usize>, _: &str) {}
    fn synthesised(&mut self, _: usize, _: &str) {}
}

/// Collects pieces; rule positions become line and column of the source.
pub struct Trace<'s> {
    pub pieces: Vec<Piece>,
    source: &'s str,
    lines: LineIndex,
    hits: bool,
}

impl<'s> Trace<'s> {
    pub fn new(source: &'s str) -> Trace<'s> {
        Trace {
            pieces: Vec::new(),
            source,
            lines: LineIndex::new(source),
            hits: true,
        }
    }

    /// A trace whose dictionary pieces are whole converted runs without hits.
    pub fn outline(source: &'s str) -> Trace<'s> {
        Trace {
            hits: false,
            ..Trace::new(source)
        }
    }

    /// The provenance of a rule entry.
    pub fn origin(&self, source: &RuleSource) -> RuleOrigin {
        match source {
            RuleSource::Markup(at) => {
                let (line, column) = self.lines.line_col(self.source, *at);
                RuleOrigin::Markup { line, column }
            }
            RuleSource::NoteTA { at, n } => RuleOrigin::NoteTA {
                line: self.lines.line_col(self.source, *at).0,
                n: *n,
            },
            RuleSource::Listed(o) => (**o).clone(),
        }
    }

    fn push(&mut self, source: Range<usize>, output: &str, origin: Origin) {
        self.pieces.push(Piece {
            source,
            output: output.to_string(),
            origin,
        });
    }
}

impl Sink for Trace<'_> {
    const TRACED: bool = true;
    fn wants_hits(&self) -> bool {
        self.hits
    }
    fn kept(&mut self, source: Range<usize>, output: &str) {
        self.push(source, output, Origin::Kept);
    }
    fn dictionary(&mut self, source: Range<usize>, output: &str, config: &str, hits: Vec<DictHit>) {
        self.push(
            source,
            output,
            Origin::Dictionary {
                config: config.to_string(),
                hits,
            },
        );
    }
    fn rule(&mut self, source: Range<usize>, output: &str, origin: &RuleSource) {
        let o = self.origin(origin);
        self.push(source, output, Origin::Rule(o));
    }
    fn markup(&mut self, source: Range<usize>, output: &str) {
        self.push(source, output, Origin::Markup);
    }
    fn synthesised(&mut self, at: usize, output: &str) {
        self.push(at..at, output, Origin::Synthesised);
    }
}
