//! The span walk: one pass over a document for one edition.
//!
//! State per render: the edition's rule [`Table`] (glossaries at the top, then rules as they
//! are met), the display title set by `-{T|…}-`/NoteTA `T=`, warnings, and — only if a
//! variant filter asks for another variant's conversion — a lazily replayed table for that
//! variant.
//!
//! Span by span:
//! - `Keep` → copied; `Text` → [`scan::convert_text`] with the table as it stands;
//! - `LinkLabel` → `|` + the converted shown text, only when it differs from the source;
//! - `Markup` → the block is evaluated ([`crate::rules::block`]), its effects applied, its
//!   display written (or, with `keep_markup`, a re-importable form: see [`keep_form`]);
//! - `NoteTA` → `T=` as `-{T|…}-`, each `G…=` group's layer, then each numbered rule as
//!   `-{H|…}-` (so the article's own rules win over its groups).
//!
//! A block that has no text for the edition (MediaWiki shows its red
//! `converter-manual-rule-error` span there) is written as its source markup, verbatim, and
//! reported in [`Rendered::warnings`]: the edition loses nothing, and MediaWiki renders the
//! kept markup exactly as it renders the source.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::document::{Document, NoteTA, Span};
use crate::engine::Converter;
use crate::rules::block::{Evaluated, Host, evaluate};
use crate::rules::body::{Action, RuleBody, mediawiki_level};
use crate::rules::layers;
use crate::rules::markup::{ConvMarkup, parts_of};
use crate::rules::table::{RuleSource, Table};
use crate::variant::Variant;

use super::batch::Preconverted;
use super::lines::LineIndex;
use super::scan::{self, Scratch};
use super::sink::{NoTrace, Sink};
use super::{EditionSpec, Rendered};

/// Something that changed the tables, kept so another variant's table can be replayed.
enum Event {
    Glossaries,
    Group(String),
    Rule {
        body: Arc<RuleBody>,
        action: Action,
        source: RuleSource,
    },
}

/// Another variant's table, for variant filters that convert to it.
struct Other {
    variant: Variant,
    table: Table,
    applied: usize,
}

struct Renderer<'a, S: Sink> {
    src: &'a str,
    spec: &'a EditionSpec,
    variant: Variant,
    out: String,
    table: Table,
    title_rule: Option<String>,
    warnings: Vec<String>,
    sink: &'a mut S,
    scratch: Scratch,
    /// Reused buffer for link labels.
    label: String,
    events: Vec<Event>,
    others: Vec<Other>,
    lines: Option<LineIndex>,
    /// End of the last span that covers source bytes (where synthesised text stands).
    cursor: usize,
    /// The document's text spans converted with this edition's chain, if given.
    pre: Option<&'a Preconverted>,
}

/// Renders `doc` for `spec`, reporting pieces to `sink`.
pub fn run<S: Sink>(
    source: &str,
    doc: &Document,
    title: Option<&str>,
    spec: &EditionSpec,
    pre: Option<&Preconverted>,
    sink: &mut S,
) -> Rendered {
    // A batch made with another chain does not apply; traced renders report pieces.
    let pre = pre.filter(|p| !S::TRACED && p.is_for(&spec.converters));
    if doc.meta.no_content_conversion {
        let mut text = String::with_capacity(source.len());
        for span in &doc.spans {
            if let Some(r) = span.source_range()
                && let Some(s) = source.get(r.clone())
            {
                text.push_str(s);
                if S::TRACED {
                    sink.kept(r, s);
                }
            }
        }
        let title = match &doc.meta.display_title {
            Some(r) => source.get(r.clone()).map(str::to_string),
            None => title.map(str::to_string),
        };
        return Rendered {
            text,
            title,
            warnings: Vec::new(),
        };
    }
    let mut r = Renderer {
        src: source,
        spec,
        variant: spec.variant,
        out: String::with_capacity(source.len() + source.len() / 8),
        table: Table::new(),
        title_rule: None,
        warnings: Vec::new(),
        sink,
        scratch: Scratch::default(),
        label: String::new(),
        events: Vec::new(),
        others: Vec::new(),
        lines: None,
        cursor: 0,
        pre,
    };
    if let Some(layer) = layers::glossary_layer(&spec.glossaries, spec.variant) {
        r.table.push_shared(layer);
        r.events.push(Event::Glossaries);
    }
    for (i, span) in doc.spans.iter().enumerate() {
        r.span(i, span);
    }
    let title = r.title(doc, title);
    Rendered {
        text: r.out,
        title,
        warnings: r.warnings,
    }
}

impl<'a, S: Sink> Renderer<'a, S> {
    fn span(&mut self, index: usize, span: &Span) {
        match span {
            Span::Keep(r) => {
                if let Some(s) = self.src.get(r.clone()) {
                    self.out.push_str(s);
                    if S::TRACED {
                        self.sink.kept(r.clone(), s);
                    }
                    self.cursor = r.end;
                }
            }
            Span::Text(r) => {
                if let Some(s) = self.src.get(r.clone()) {
                    // Where no rule key occurs, `convert_text` takes the batch's text.
                    let pre = self.pre.and_then(|p| p.get(index));
                    scan::convert_text(
                        &mut self.scratch,
                        &mut self.table,
                        &self.spec.converters,
                        self.spec.localize_quotes,
                        s,
                        r.start,
                        &mut self.out,
                        self.sink,
                        pre,
                    );
                    self.cursor = r.end;
                }
            }
            Span::LinkLabel { shown } => self.link_label(index, shown.clone()),
            Span::Markup(m) => self.markup(m),
            Span::NoteTA(n) => self.note_ta(n),
        }
    }

    fn link_label(&mut self, index: usize, shown: Range<usize>) {
        let Some(s) = self.src.get(shown) else {
            return;
        };
        let mut converted = std::mem::take(&mut self.label);
        converted.clear();
        let pre = self.pre.and_then(|p| p.get(index));
        scan::convert_text(
            &mut self.scratch,
            &mut self.table,
            &self.spec.converters,
            self.spec.localize_quotes,
            s,
            0,
            &mut converted,
            &mut NoTrace,
            pre,
        );
        if converted != s {
            let start = self.out.len();
            self.out.push('|');
            self.out.push_str(&converted);
            if S::TRACED {
                self.sink.synthesised(self.cursor, &self.out[start..]);
            }
        }
        self.label = converted;
    }

    fn markup(&mut self, m: &ConvMarkup) {
        let (Some(raw), Some(whole)) = (self.src.get(m.range.clone()), self.src.get(m.outer()))
        else {
            return;
        };
        // The escaping backslash, if any: written with the block's source form only.
        let escape = &whole[..whole.len() - raw.len()];
        self.cursor = m.range.end;
        let start = self.out.len();
        if m.body.is_empty() {
            // `-{}-`: shows nothing; its only effect is the phrase boundary, which the span
            // boundary already gives.
            if self.spec.keep_markup {
                self.out.push_str(whole);
            }
        } else {
            let src = self.src;
            let result = evaluate(self, src, &m.body, "", 1);
            self.apply(&result, RuleSource::Markup(m.range.start), m.range.start);
            match &result.display {
                None => self.out.push_str(whole),
                Some(d) if self.spec.keep_markup => {
                    self.out.push_str(escape);
                    keep_form(&mut self.out, &result, raw, d);
                }
                Some(d) => self.out.push_str(d),
            }
        }
        if S::TRACED {
            self.sink.markup(m.outer(), &self.out[start..]);
        }
    }

    fn note_ta(&mut self, n: &NoteTA) {
        if let Some(r) = &n.title {
            let src = self.src;
            let parts = parts_of(src, r.clone());
            let result = evaluate(self, src, &parts, "T|", 1);
            self.apply(&result, RuleSource::NoteTA { at: n.at, n: 0 }, r.start);
        }
        for g in &n.groups {
            let Some(name) = self.src.get(g.clone()).map(str::trim) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            match layers::group_layer(&self.spec.cgroups, name, self.variant) {
                Some(layer) => {
                    self.table.push_shared(layer);
                    self.events.push(Event::Group(name.to_string()));
                }
                None => {
                    let (line, col) = self.line_col(g.start);
                    self.warnings.push(format!(
                        "{line}:{col}: NoteTA names conversion group `{name}`, which no CGroup file defines; its rules are not applied"
                    ));
                }
            }
        }
        for (i, r) in n.rules.iter().enumerate() {
            let src = self.src;
            let number = param_number(src, r.start).unwrap_or(i + 1);
            let parts = parts_of(src, r.clone());
            let result = evaluate(self, src, &parts, "H|", 1);
            self.apply(
                &result,
                RuleSource::NoteTA {
                    at: n.at,
                    n: number,
                },
                r.start,
            );
        }
    }

    /// Applies a block's effects: table pairs, title, and a warning if it has no text here.
    fn apply(&mut self, result: &Evaluated, source: RuleSource, at: usize) {
        if result.action != Action::None && !result.rule.is_empty() {
            let value = |v: String| (result.action == Action::Add).then_some(v);
            for (k, v) in result.rule.table_pairs(self.variant, mediawiki_level) {
                self.table.set(&k, value(v).as_deref(), source.clone());
            }
            self.events.push(Event::Rule {
                body: Arc::new(result.rule.clone()),
                action: result.action,
                source,
            });
        }
        if let Some(Some(t)) = &result.title {
            self.title_rule = Some(t.clone());
        }
        if result.display.is_none() {
            let (line, col) = self.line_col(at);
            self.warnings.push(format!(
                "{line}:{col}: -{{ }}- has no text for {} (MediaWiki shows an error here); the markup is kept as written",
                self.variant.tag()
            ));
        }
    }

    fn line_col(&mut self, at: usize) -> (usize, usize) {
        let src = self.src;
        self.lines
            .get_or_insert_with(|| LineIndex::new(src))
            .line_col(src, at)
    }

    /// The edition's title: DISPLAYTITLE's text (unconverted, as MediaWiki shows it), else
    /// the source title if NOTC, else the last `-{T|…}-`/NoteTA `T=`, else the source title
    /// converted with the tables as they stand at the end of the page.
    fn title(&mut self, doc: &Document, title: Option<&str>) -> Option<String> {
        if let Some(r) = &doc.meta.display_title
            && let Some(t) = self.src.get(r.clone())
        {
            return Some(t.to_string());
        }
        if doc.meta.no_title_conversion {
            return title.map(str::to_string);
        }
        if let Some(t) = self.title_rule.take() {
            return Some(t);
        }
        let t = title?;
        Some(scan::convert_detached(
            &mut self.scratch,
            &mut self.table,
            &self.spec.converters,
            self.spec.localize_quotes,
            t,
        ))
    }

    /// The table for `to` brought up to date with the events so far.
    fn other_table(&mut self, to: Variant) -> usize {
        let i = match self.others.iter().position(|o| o.variant == to) {
            Some(i) => i,
            None => {
                self.others.push(Other {
                    variant: to,
                    table: Table::new(),
                    applied: 0,
                });
                self.others.len() - 1
            }
        };
        let o = &mut self.others[i];
        for ev in &self.events[o.applied..] {
            match ev {
                Event::Glossaries => {
                    if let Some(l) = layers::glossary_layer(&self.spec.glossaries, to) {
                        o.table.push_shared(l);
                    }
                }
                Event::Group(name) => {
                    if let Some(l) = layers::group_layer(&self.spec.cgroups, name, to) {
                        o.table.push_shared(l);
                    }
                }
                Event::Rule {
                    body,
                    action,
                    source,
                } => {
                    for (k, v) in body.table_pairs(to, mediawiki_level) {
                        let value = (*action == Action::Add).then_some(v);
                        o.table.set(&k, value.as_deref(), source.clone());
                    }
                }
            }
        }
        o.applied = self.events.len();
        i
    }

    /// Converts a text (wikitext) to `to` with `to`'s tables, keeping its markup.
    fn convert_to(&mut self, text: &str, to: Variant) -> String {
        let doc = crate::markup::parse(text, crate::document::Format::Wikitext);
        let (table, convs): (&mut Table, &[Converter]) = if to == self.variant {
            (&mut self.table, &self.spec.converters)
        } else {
            let i = self.other_table(to);
            (&mut self.others[i].table, default_chain(to))
        };
        let mut out = String::with_capacity(text.len());
        for span in &doc.spans {
            match span {
                Span::Text(r) => {
                    if let Some(s) = text.get(r.clone()) {
                        scan::convert_text(
                            &mut self.scratch,
                            table,
                            convs,
                            self.spec.localize_quotes,
                            s,
                            0,
                            &mut out,
                            &mut NoTrace,
                            None,
                        );
                    }
                }
                Span::LinkLabel { shown } => {
                    if let Some(s) = text.get(shown.clone()) {
                        let c = scan::convert_detached(
                            &mut self.scratch,
                            table,
                            convs,
                            self.spec.localize_quotes,
                            s,
                        );
                        if c != s {
                            out.push('|');
                            out.push_str(&c);
                        }
                    }
                }
                other => {
                    if let Some(r) = other.source_range()
                        && let Some(s) = text.get(r)
                    {
                        out.push_str(s);
                    }
                }
            }
        }
        out
    }
}

impl<S: Sink> Host for Renderer<'_, S> {
    fn variant(&self) -> Variant {
        self.variant
    }

    fn convert_filter(&mut self, text: &str, to: Variant) -> String {
        self.convert_to(text, to)
    }

    fn nested(&mut self, range: Range<usize>, result: &Evaluated) {
        self.apply(result, RuleSource::Markup(range.start), range.start);
    }
}

/// The `keep_markup` form of a block: a hidden copy of its rules if it changes tables or the
/// title (`-{H|…}-`, `-{-|…}-`, `-{T|…}-`, `-{H;T|…}-`, with the source's rule text), then
/// its display for this edition as `-{R|…}-` (with `-{` and `}-` inside written as entities
/// so the wrapper cannot break). A block with no effect and no display (`-{}-`, `-{R|}-`) is
/// kept as written, so it still separates phrases when MediaWiki renders the edition.
fn keep_form(out: &mut String, result: &Evaluated, raw: &str, display: &str) {
    if result.has_effects() {
        let body = if raw.len() >= 4 {
            raw.get(2..raw.len() - 2).unwrap_or("")
        } else {
            ""
        };
        // The rule text after the source flags (when the first `|` is not inside a nested block).
        let rules = match (body.find('|'), body.find("-{")) {
            (Some(p), None) => &body[p + 1..],
            (Some(p), Some(n)) if p < n => &body[p + 1..],
            _ => body,
        };
        let flags = match (result.action, result.title.is_some()) {
            (Action::Add, true) => "H;T",
            (Action::Add, false) => "H",
            (Action::Remove, _) => "-",
            (Action::None, _) => "T",
        };
        out.push_str("-{");
        out.push_str(flags);
        out.push('|');
        out.push_str(rules);
        out.push_str("}-");
    }
    if !display.is_empty() {
        out.push_str("-{R|");
        out.push_str(&display.replace("-{", "-&#123;").replace("}-", "&#125;-"));
        out.push_str("}-");
    } else if !result.has_effects() {
        out.push_str(raw);
    }
}

/// The number of a NoteTA parameter whose value starts at `value_start` (`|12=…` → 12).
fn param_number(src: &str, value_start: usize) -> Option<usize> {
    let before = src.get(..value_start)?.trim_end();
    let before = before.strip_suffix('=')?.trim_end();
    let digits_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()?
        .0;
    before[digits_start..].parse().ok()
}

/// The default converter chain of a variant, built once per process (for variant filters
/// that convert to a variant other than the edition's).
fn default_chain(v: Variant) -> &'static [Converter] {
    static CHAINS: [OnceLock<Vec<Converter>>; 9] = [const { OnceLock::new() }; 9];
    let i = Variant::MEDIAWIKI_ORDER
        .iter()
        .position(|x| *x == v)
        .unwrap_or(0);
    CHAINS[i].get_or_init(|| {
        v.default_configs()
            .iter()
            .filter_map(|n| Converter::builtin(n).ok())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_numbers() {
        let src = "{{NoteTA|1=a|12 = b|T=c}}";
        assert_eq!(param_number(src, 11), Some(1));
        assert_eq!(param_number(src, 18), Some(12));
        assert_eq!(param_number(src, 22), None);
        assert_eq!(param_number(src, 0), None);
    }
}
