//! Converting one stretch of visible text: the edition's page rules in front of the OpenCC
//! chain, with MediaWiki's leftmost-longest semantics.
//!
//! With no rule in force the whole stretch goes through the converter chain in one call (the
//! batch runner's hot path: no allocation beyond the output, and for chains of two or more
//! configs two scratch buffers reused across calls).
//!
//! With rules, the scan walks the first converter's first-scan units ([`super::units`]: its
//! segmentation phrases) only up to the places where some rule key occurs (found by the
//! table's automata), and at such a place `c`, with `r` the longest rule key there and `d`
//! the dictionary phrase there:
//! - `r.len ≥ d`: the text before `c` is converted as one run, the rule's value is written,
//!   and the scan resumes after the key (a manual rule beats a dictionary entry of the same
//!   key; a longer dictionary phrase starting at the same place still wins);
//! - a *removed* key (`-{-|…}-`) that is the longest key at `c` and at least as long as `d`:
//!   the shorter active rule at `c` applies if it is at least `d` long, otherwise each of the
//!   key's characters is converted on its own, so the removed text never converts as a phrase
//!   (MediaWiki deletes the key from its table; OpenCC's dictionaries cannot be edited, and
//!   this is the closest equivalent);
//! - otherwise the dictionary phrase stays in the pending run.
//!
//! Runs are cut only where a rule applies, and only at unit boundaries, so text with no rule
//! in it converts exactly as the converter alone converts it. Later stages' phrases inside an
//! unmatched run do not compete with rules (a rule applies there, and the run is cut). Later
//! converters of a chain see each run separately.

use std::ops::Range;

use crate::engine::{Converter, DictHit};
use crate::rules::table::{Cursor, Matcher, Table};

use super::sink::Sink;
use super::units::Units;

/// Buffers reused across calls.
#[derive(Default)]
pub struct Scratch {
    a: String,
    b: String,
    cursors: Vec<Cursor>,
}

/// Converts `text` (which starts at byte `base` of the source) with the rules of `table` and
/// the converter chain `convs`, appending to `out` and reporting pieces to `sink`.
///
/// Inlined into its callers for the common case — no rule in force, the batch's conversion
/// `pre` at hand, not traced, no quote localisation: a copy. Everything else is
/// [`convert_text_ruled`].
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub fn convert_text<S: Sink>(
    scratch: &mut Scratch,
    table: &mut Table,
    convs: &[Converter],
    localize_quotes: bool,
    text: &str,
    base: usize,
    out: &mut String,
    sink: &mut S,
    pre: Option<&str>,
) {
    if !S::TRACED
        && !localize_quotes
        && table.is_empty()
        && let Some(done) = pre
    {
        out.push_str(done);
        return;
    }
    convert_text_ruled(
        scratch,
        table,
        convs,
        localize_quotes,
        text,
        base,
        out,
        sink,
        pre,
    );
}

/// [`convert_text`] beyond its inlined common case.
#[allow(clippy::too_many_arguments)]
fn convert_text_ruled<S: Sink>(
    scratch: &mut Scratch,
    table: &mut Table,
    convs: &[Converter],
    localize_quotes: bool,
    text: &str,
    base: usize,
    out: &mut String,
    sink: &mut S,
    pre: Option<&str>,
) {
    if text.is_empty() {
        return;
    }
    // No rule applies to the whole text: its conversion, or the given one (not traced).
    let whole = |scratch: &mut Scratch, out: &mut String, sink: &mut S| match pre {
        Some(done) if !S::TRACED => {
            let start = out.len();
            out.push_str(done);
            if localize_quotes {
                localize_tail(out, start);
            }
        }
        _ => emit_converted(scratch, convs, localize_quotes, text, base, out, sink),
    };
    if table.is_empty() {
        whole(scratch, out, sink);
        return;
    }
    table.prepare();
    let mut cursors = std::mem::take(&mut scratch.cursors);
    {
        let mut m = Matcher::new(table, &mut cursors);
        let Some(first) = m.next_candidate(text, 0) else {
            scratch.cursors = cursors;
            whole(scratch, out, sink);
            return;
        };
        let units = Units::new(convs.first(), text);
        let (mut pos, mut run) = (0usize, 0usize);
        let mut first = Some(first);
        loop {
            let c = match first.take() {
                Some(c) => c,
                None => match m.next_candidate(text, pos) {
                    Some(c) => c,
                    None => break,
                },
            };
            while pos < c {
                pos += units.step(text, pos);
            }
            if pos > c {
                continue;
            }
            let res = m.resolve(text, c);
            let d = units.len_at(text, c);
            let apply = match (res.active, res.removed) {
                (Some((rl, e)), _) if rl >= d => Some((rl, e)),
                (_, Some(k)) if k >= d => {
                    emit_converted(
                        scratch,
                        convs,
                        localize_quotes,
                        &text[run..c],
                        base + run,
                        out,
                        sink,
                    );
                    let end = c + k;
                    let mut i = c;
                    for ch in text[c..end].chars() {
                        let n = ch.len_utf8();
                        emit_converted(
                            scratch,
                            convs,
                            localize_quotes,
                            &text[i..i + n],
                            base + i,
                            out,
                            sink,
                        );
                        i += n;
                    }
                    pos = end;
                    run = end;
                    continue;
                }
                _ => None,
            };
            match apply {
                Some((len, entry)) => {
                    emit_converted(
                        scratch,
                        convs,
                        localize_quotes,
                        &text[run..c],
                        base + run,
                        out,
                        sink,
                    );
                    let value = entry.value.as_deref().unwrap_or("");
                    out.push_str(value);
                    if S::TRACED {
                        sink.rule(base + c..base + c + len, value, &entry.source);
                    }
                    pos = c + len;
                    run = pos;
                }
                None => pos = c + units.step(text, c),
            }
        }
        emit_converted(
            scratch,
            convs,
            localize_quotes,
            &text[run..],
            base + run,
            out,
            sink,
        );
    }
    scratch.cursors = cursors;
}

/// Converts a string that is not part of the source (a title) with the rules and chain.
pub fn convert_detached(
    scratch: &mut Scratch,
    table: &mut Table,
    convs: &[Converter],
    localize_quotes: bool,
    text: &str,
) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    convert_text(
        scratch,
        table,
        convs,
        localize_quotes,
        text,
        0,
        &mut out,
        &mut super::sink::NoTrace,
        None,
    );
    out
}

/// Runs `text` through the chain into `out` (and, traced, reports dictionary pieces).
fn emit_converted<S: Sink>(
    scratch: &mut Scratch,
    convs: &[Converter],
    localize_quotes: bool,
    text: &str,
    base: usize,
    out: &mut String,
    sink: &mut S,
) {
    if text.is_empty() {
        return;
    }
    if S::TRACED && !sink.wants_hits() {
        let start = out.len();
        chain_convert(scratch, convs, text, out);
        if localize_quotes {
            localize_tail(out, start);
        }
        let names: Vec<&str> = convs.iter().map(Converter::name).collect();
        sink.dictionary(
            base..base + text.len(),
            &out[start..],
            &names.join("+"),
            Vec::new(),
        );
        return;
    }
    if !S::TRACED || convs.len() > 1 {
        let start = out.len();
        chain_convert(scratch, convs, text, out);
        if localize_quotes {
            localize_tail(out, start);
        }
        if S::TRACED {
            let mut hits = Vec::new();
            let mut stage_input = text.to_string();
            for (k, c) in convs.iter().enumerate() {
                let mut next = String::new();
                for seg in c.trace(&stage_input) {
                    next.push_str(&seg.output);
                    for mut h in seg.hits {
                        h.source = if k == 0 {
                            h.source.start + base..h.source.end + base
                        } else {
                            base..base + text.len()
                        };
                        hits.push(h);
                    }
                }
                stage_input = next;
            }
            let names: Vec<&str> = convs.iter().map(Converter::name).collect();
            sink.dictionary(
                base..base + text.len(),
                &out[start..],
                &names.join("+"),
                hits,
            );
        }
        return;
    }
    // Traced, zero or one converter: one piece per traced segment.
    let Some(c) = convs.first() else {
        out.push_str(text);
        sink.dictionary(base..base + text.len(), text, "", Vec::new());
        return;
    };
    for seg in c.trace(text) {
        let start = out.len();
        out.push_str(&seg.output);
        if localize_quotes {
            localize_tail(out, start);
        }
        let hits: Vec<DictHit> = seg
            .hits
            .into_iter()
            .map(|mut h| {
                h.source = shift(&h.source, base);
                h
            })
            .collect();
        sink.dictionary(shift(&seg.source, base), &out[start..], c.name(), hits);
    }
}

fn shift(r: &Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

/// Appends the chain's conversion of `text` to `out`.
pub(super) fn chain_convert(
    scratch: &mut Scratch,
    convs: &[Converter],
    text: &str,
    out: &mut String,
) {
    match convs {
        [] => out.push_str(text),
        [one] => one.convert_into(text, out),
        [first, middle @ .., last] => {
            let Scratch { a, b, .. } = scratch;
            a.clear();
            first.convert_into(text, a);
            for c in middle {
                b.clear();
                c.convert_into(a, b);
                std::mem::swap(a, b);
            }
            last.convert_into(a, out);
        }
    }
}

/// “ ” ‘ ’ → 「 」 『 』 in `out[start..]` (allocates only when a quote is there).
fn localize_tail(out: &mut String, start: usize) {
    const QUOTES: [char; 4] = ['“', '”', '‘', '’'];
    if !out[start..].contains(QUOTES) {
        return;
    }
    let tail = out.split_off(start);
    out.extend(tail.chars().map(|c| match c {
        '“' => '「',
        '”' => '」',
        '‘' => '『',
        '’' => '』',
        other => other,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::table::RuleSource;

    #[test]
    fn quotes() {
        let mut s = String::from("a“b”‘c’");
        localize_tail(&mut s, 1);
        assert_eq!(s, "a「b」『c』");
        let mut s = String::from("“x");
        localize_tail(&mut s, 3);
        assert_eq!(s, "“x");
    }

    #[test]
    fn rules_without_converters() {
        let mut t = Table::new();
        t.set("软件", Some("軟體"), RuleSource::Markup(0));
        t.set("软件包", Some("套件"), RuleSource::Markup(0));
        t.set("内存", None, RuleSource::Markup(0));
        let mut s = Scratch::default();
        let out = convert_detached(&mut s, &mut t, &[], false, "软件和软件包与内存");
        assert_eq!(out, "軟體和套件与内存");
    }
}
