//! Mixed script: a paragraph written partly in Simplified and partly in Traditional.
//!
//! Definitions (all over visible text only; protected spans and markup are ignored):
//! - A *paragraph* is, in wikitext, one source line (wikitext paragraphs, list items,
//!   headings and table rows are lines); in Markdown and plain text, a maximal run of
//!   non-blank lines (the Markdown export wraps paragraphs).
//! - A character is *Simplified-only* when both OpenCC's `s2tw` and `s2hk` change it (no
//!   Traditional standard, Taiwan's or Hong Kong's, writes it so: 台 and 群 are Traditional
//!   too) and `t2s` does not, and *Traditional-only* when `t2s` changes it and neither `s2tw`
//!   nor `s2hk` does. Each character is converted on its own (memoised for the process), not in
//!   its phrase: a class does not depend on the neighbours, and the rare characters that a
//!   phrase treats otherwise (著 in 著名) are what the thresholds below absorb. Characters
//!   both scripts share count as neither.
//! - With S Simplified-only and T Traditional-only characters in a paragraph, the paragraph
//!   is *mixed* when `min(S, T) >= MIN_MINORITY` and `min(S, T) >= MIN_SHARE × (S + T)`.
//!   The larger count is the paragraph's script (a tie goes to the script of the first
//!   classified character).
//!
//! One finding per mixed paragraph, at its first run of minority-script text: from a minority
//! character through the following Han characters up to the last minority character before a
//! majority character or a non-Han character. The suggestion is that run converted to the
//! paragraph's script (with `s2tw` or `t2s`). Severity: note (every edition converts the
//! paragraph to one script anyway; what the mix puts at risk is phrase matching across the
//! two scripts).

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use super::check::{Context, RawFinding, visible_ranges};
use super::{Kind, Severity};
use crate::document::Format;
use crate::engine::Converter;

/// Per BMP character: 0 when not yet known, else 8 + (changed by s2tw) + 2 × (by s2hk) +
/// 4 × (by t2s), each converting the character alone. Shared by all threads.
static BMP_CLASSES: [AtomicU8; 0x10000] = [const { AtomicU8::new(0) }; 0x10000];

/// Whether s2tw, s2hk and t2s change `c` (on its own).
fn changes(convs: &[Converter; 3], c: char) -> [bool; 3] {
    let compute = || {
        let mut b = [0u8; 4];
        let s = c.encode_utf8(&mut b);
        [
            convs[0].convert(s) != *s,
            convs[1].convert(s) != *s,
            convs[2].convert(s) != *s,
        ]
    };
    let Some(slot) = BMP_CLASSES.get(c as usize) else {
        return compute();
    };
    let bits = match slot.load(Ordering::Relaxed) {
        0 => {
            let ch = compute();
            let bits = 8 | ch[0] as u8 | (ch[1] as u8) << 1 | (ch[2] as u8) << 2;
            slot.store(bits, Ordering::Relaxed);
            bits
        }
        b => b,
    };
    [bits & 1 != 0, bits & 2 != 0, bits & 4 != 0]
}

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

/// The first run of one script's text in a paragraph, built as characters arrive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Run {
    #[default]
    None,
    /// Started at `start`, last character of the script ends at `end`, last character seen
    /// (of any class) ends at `prev`.
    Open {
        start: usize,
        end: usize,
        prev: usize,
    },
    Closed {
        start: usize,
        end: usize,
    },
}

impl Run {
    /// Feeds one classified character `[at, end)`; `mine` is this run's script.
    fn feed(&mut self, at: usize, end: usize, class: Class, mine: Class) {
        match *self {
            Run::None if class == mine => {
                *self = Run::Open {
                    start: at,
                    end,
                    prev: end,
                }
            }
            Run::Open {
                start,
                end: e,
                prev,
            } => {
                if at != prev || (class != mine && class != Class::Neither) {
                    *self = Run::Closed { start, end: e };
                } else {
                    *self = Run::Open {
                        start,
                        end: if class == mine { end } else { e },
                        prev: end,
                    };
                }
            }
            _ => {}
        }
    }

    fn range(self) -> Option<Range<usize>> {
        match self {
            Run::None => None,
            Run::Open { start, end, .. } | Run::Closed { start, end } => Some(start..end),
        }
    }
}

#[derive(Default)]
struct Para {
    s: usize,
    t: usize,
    first: Option<Class>,
    run_s: Run,
    run_t: Run,
}

pub fn find(ctx: &Context<'_>, format: Format, out: &mut Vec<RawFinding>) {
    let (Ok(s2tw), Ok(s2hk), Ok(t2s)) = (
        Converter::builtin("s2tw"),
        Converter::builtin("s2hk"),
        Converter::builtin("t2s"),
    ) else {
        return;
    };
    let convs = [s2tw, s2hk, t2s];
    let src = ctx.source;
    let starts = paragraph_starts(src, format);
    let mut paras: Vec<Para> = Vec::new();
    paras.resize_with(starts.len(), Para::default);
    let mut p = 0;
    for unit in visible_ranges(&ctx.doc) {
        let text = &src[unit.clone()];
        for (off, c) in text.char_indices() {
            if c.is_ascii() {
                continue;
            }
            let changed = changes(&convs, c);
            add_char(&starts, &mut paras, &mut p, unit.start + off, c, changed);
        }
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
        let run = if minor == Class::Simplified {
            p.run_s
        } else {
            p.run_t
        };
        let Some(run) = run.range() else {
            continue;
        };
        let to_major = if major == Class::Simplified {
            convs[2].convert(&src[run.clone()])
        } else {
            convs[0].convert(&src[run.clone()])
        };
        out.push(RawFinding {
            range: run,
            kind: Kind::MixedScript,
            severity: Severity::Note,
            editions: ctx.all_editions(),
            candidates: Arc::new(Vec::new()),
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

/// Adds one character at source offset `at` to its paragraph (`p`: a cursor that only moves
/// forward), given whether s2tw, s2hk and t2s change it.
fn add_char(
    starts: &[usize],
    paras: &mut [Para],
    p: &mut usize,
    at: usize,
    c: char,
    changed: [bool; 3],
) {
    let class = match changed {
        [true, true, false] => Class::Simplified,
        [false, false, true] => Class::Traditional,
        _ => Class::Neither,
    };
    if class == Class::Neither && !is_han(c) {
        return;
    }
    while *p + 1 < starts.len() && starts[*p + 1] <= at {
        *p += 1;
    }
    let para = &mut paras[*p];
    match class {
        Class::Simplified => para.s += 1,
        Class::Traditional => para.t += 1,
        Class::Neither => {}
    }
    if class != Class::Neither {
        para.first.get_or_insert(class);
    }
    let end = at + c.len_utf8();
    para.run_s.feed(at, end, class, Class::Simplified);
    para.run_t.feed(at, end, class, Class::Traditional);
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
        let run = |chars: &[(usize, usize, Class)], mine: Class| {
            let mut r = Run::None;
            for &(a, b, c) in chars {
                r.feed(a, b, c, mine);
            }
            r.range()
        };
        // 这(S) 中(neither) 个(S) 問(T)
        let chars = [
            (0, 3, Simplified),
            (3, 6, Neither),
            (6, 9, Simplified),
            (9, 12, Traditional),
        ];
        assert_eq!(run(&chars, Simplified), Some(0..9));
        assert_eq!(run(&chars, Traditional), Some(9..12));
        // A gap (non-Han text skipped) ends the run; trailing neutral characters are not in it.
        let chars = [
            (0, 3, Traditional),
            (3, 6, Simplified),
            (6, 9, Neither),
            (12, 15, Simplified),
        ];
        assert_eq!(run(&chars, Simplified), Some(3..6));
    }
}
