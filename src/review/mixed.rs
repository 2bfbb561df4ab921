//! Mixed script: a paragraph written partly in Simplified and partly in Traditional.
//!
//! Definitions (all over visible text only; protected spans and markup are ignored):
//! - A *paragraph* is, in wikitext, one source line (wikitext paragraphs, list items,
//!   headings and table rows are lines); in Markdown and plain text, a maximal run of
//!   non-blank lines (the Markdown export wraps paragraphs).
//! - A character is *Simplified-only* when OpenCC's `s2t` changes it and `t2s` does not, and
//!   *Traditional-only* when `t2s` changes it and `s2t` does not, each converting the whole
//!   visible span, so phrases decide (著 in 著名 is neither). Characters both scripts share
//!   count as neither.
//! - With S Simplified-only and T Traditional-only characters in a paragraph, the paragraph
//!   is *mixed* when `min(S, T) >= MIN_MINORITY` and `min(S, T) >= MIN_SHARE × (S + T)`.
//!   The larger count is the paragraph's script (a tie goes to the script of the first
//!   classified character).
//!
//! One finding per mixed paragraph, at its first run of minority-script text: from a minority
//! character through the following Han characters up to the last minority character before a
//! majority character or a non-Han character. The suggestion is that run converted to the
//! paragraph's script. Severity: note (every edition converts the paragraph to one script
//! anyway; what the mix puts at risk is phrase matching across the two scripts).

use std::ops::Range;
use std::rc::Rc;

use super::check::{Context, RawFinding, visible_ranges};
use super::trace::Chain;
use super::{Kind, Severity};
use crate::document::Format;
use crate::engine::Converter;

/// Both scripts must have at least this many characters in a paragraph.
pub const MIN_MINORITY: usize = 2;
/// … and the minority at least this share of the classified characters.
pub const MIN_SHARE: f64 = 0.1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Neither,
    Simplified,
    Traditional,
}

#[derive(Default)]
struct Para {
    s: usize,
    t: usize,
    first: Option<Class>,
    /// Classified characters in order: (byte offset, end, class).
    chars: Vec<(usize, usize, Class)>,
}

pub fn find(ctx: &Context<'_>, format: Format, out: &mut Vec<RawFinding>) {
    let (Ok(s2t), Ok(t2s)) = (Converter::builtin("s2t"), Converter::builtin("t2s")) else {
        return;
    };
    let s2t = [s2t];
    let t2s = [t2s];
    let (s2t, t2s) = (Chain { converters: &s2t }, Chain { converters: &t2s });
    let src = ctx.source;
    let starts = paragraph_starts(src, format);
    let mut paras: Vec<Para> = Vec::new();
    paras.resize_with(starts.len(), Para::default);
    for unit in visible_ranges(&ctx.doc) {
        classify(ctx, s2t, t2s, unit, &starts, &mut paras);
    }
    for p in &paras {
        let (s, t) = (p.s, p.t);
        let minority = s.min(t);
        if minority < MIN_MINORITY || (minority as f64) < MIN_SHARE * (s + t) as f64 {
            continue;
        }
        let major = if s > t {
            Class::Simplified
        } else if t > s {
            Class::Traditional
        } else {
            p.first.unwrap_or(Class::Traditional)
        };
        let minor = if major == Class::Simplified {
            Class::Traditional
        } else {
            Class::Simplified
        };
        let Some(run) = first_run(&p.chars, minor, major) else {
            continue;
        };
        let to_major = if major == Class::Simplified {
            ctx.cache.convert(t2s, "t2s", &src[run.clone()])
        } else {
            ctx.cache.convert(s2t, "s2t", &src[run.clone()])
        };
        out.push(RawFinding {
            range: run,
            kind: Kind::MixedScript,
            severity: Severity::Note,
            editions: ctx.all_editions(),
            candidates: Rc::new(Vec::new()),
            suggestion: to_major.as_str().into(),
        });
    }
}

/// Byte offsets where paragraphs start (the first is 0).
fn paragraph_starts(src: &str, format: Format) -> Vec<usize> {
    let mut starts = vec![0];
    let mut prev_blank = false;
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if at > 0 {
            match format {
                Format::Wikitext => starts.push(at),
                Format::Markdown | Format::Plain => {
                    if prev_blank && !blank {
                        starts.push(at);
                    }
                }
            }
        }
        prev_blank = blank;
        at += line.len();
    }
    starts
}

/// Classifies the characters of one visible unit and adds them to their paragraphs.
fn classify(
    ctx: &Context<'_>,
    s2t: Chain<'_>,
    t2s: Chain<'_>,
    unit: Range<usize>,
    starts: &[usize],
    paras: &mut [Para],
) {
    let text = &ctx.source[unit.clone()];
    // Quick exit: ASCII cannot be converted.
    if text.is_ascii() {
        return;
    }
    let to_t = s2t.convert(text);
    let to_s = t2s.convert(text);
    let n = text.chars().count();
    let aligned = |o: &str| o.chars().count() == n;
    let changed_by = |conv: Chain<'_>, key: &str, o: &str| -> Vec<bool> {
        if aligned(o) {
            text.chars().zip(o.chars()).map(|(a, b)| a != b).collect()
        } else {
            // A phrase changed length: mark every character of the segments that changed.
            let trace = ctx.cache.trace(conv, key, ctx.source, unit.clone());
            let mut marks = Vec::with_capacity(n);
            for seg in &trace.segments {
                let s = &ctx.source[seg.source.clone()];
                let changed = s != seg.output;
                marks.extend(std::iter::repeat_n(changed, s.chars().count()));
            }
            marks
        }
    };
    let s_marks = changed_by(s2t, "s2t", &to_t);
    let t_marks = changed_by(t2s, "t2s", &to_s);
    let mut p = starts.partition_point(|&s| s <= unit.start) - 1;
    for (i, (off, c)) in text.char_indices().enumerate() {
        let at = unit.start + off;
        while p + 1 < starts.len() && starts[p + 1] <= at {
            p += 1;
        }
        let class = match (
            s_marks.get(i).copied().unwrap_or(false),
            t_marks.get(i).copied().unwrap_or(false),
        ) {
            (true, false) => Class::Simplified,
            (false, true) => Class::Traditional,
            _ => Class::Neither,
        };
        if class == Class::Neither && !is_han(c) {
            continue;
        }
        let para = &mut paras[p];
        match class {
            Class::Simplified => para.s += 1,
            Class::Traditional => para.t += 1,
            Class::Neither => {}
        }
        if class != Class::Neither {
            para.first.get_or_insert(class);
        }
        para.chars.push((at, at + c.len_utf8(), class));
    }
}

/// The first run of `minor` text, see the module docs.
fn first_run(chars: &[(usize, usize, Class)], minor: Class, major: Class) -> Option<Range<usize>> {
    let i = chars.iter().position(|c| c.2 == minor)?;
    let mut end = chars[i].1;
    let mut prev_end = chars[i].1;
    for &(start, e, class) in &chars[i + 1..] {
        // Stop at a gap of non-Han text (skipped characters) or a majority character.
        if start != prev_end || class == major {
            break;
        }
        if class == minor {
            end = e;
        }
        prev_end = e;
    }
    Some(chars[i].0..end)
}

/// CJK unified ideographs (all blocks), compatibility ideographs.
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_by_format() {
        let src = "a\nb\n\nc\n  \nd";
        assert_eq!(
            paragraph_starts(src, Format::Wikitext),
            vec![0, 2, 4, 5, 7, 10]
        );
        assert_eq!(paragraph_starts(src, Format::Markdown), vec![0, 5, 10]);
    }

    #[test]
    fn runs_stop_at_majority_and_non_han() {
        use Class::*;
        // 这(S)个(S)問(T) at 0,3,6; then gap.
        let chars = [
            (0, 3, Simplified),
            (3, 6, Neither),
            (6, 9, Simplified),
            (9, 12, Traditional),
        ];
        assert_eq!(first_run(&chars, Simplified, Traditional), Some(0..9));
        let chars = [
            (0, 3, Traditional),
            (3, 6, Simplified),
            (6, 9, Neither),
            (12, 15, Simplified),
        ];
        assert_eq!(first_run(&chars, Simplified, Traditional), Some(3..6));
    }
}
