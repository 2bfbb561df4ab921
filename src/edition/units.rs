//! Where page rules may cut visible text: the units of the converter's first scan.
//!
//! A rule competes with the dictionary phrase that OpenCC's first scan takes at the same
//! place — the segmentation phrase for segmented configs (s2twp, s2hkp, tw2sp, …), the first
//! stage's longest key for unsegmented ones (s2t, t2s, …) — as MediaWiki's rules compete with
//! its table's keys. [`Units::len_at`] gives that phrase's length (0 for a single character
//! or an unmatched one) at the cost of one trie lookup, by reading the engine's compiled
//! plan directly; the walk from one unit boundary to the next only visits places where the
//! first scan really passes.
//!
//! [`Converter::phrase_len_at`] answers a stricter question (the next offset where *every*
//! stage passes, later stages' keys inside unmatched runs included) but analyses a window of
//! text per call, far too slow for the batch runner; it is used only where the plan cannot
//! be read: converters backed by the system library, and text that a normalization stage
//! would change before segmenting.

use crate::engine::Converter;
use crate::engine::dat::{PHRASE, Trie};
use crate::engine::ids;

/// The first-scan unit finder for one converter and one text.
pub enum Units<'c> {
    /// No converter: every character is its own unit.
    None,
    /// The trie of the first scan; `phrases_only`: only its phrase entries are units
    /// (segmented configs, where other entries are the first chain stage's characters).
    Trie { trie: &'c Trie, phrases_only: bool },
    /// Fall back to the engine's exact answer.
    Exact(&'c Converter),
}

impl<'c> Units<'c> {
    /// The unit finder of `conv` for `text`.
    pub fn new(conv: Option<&'c Converter>, text: &str) -> Units<'c> {
        let Some(conv) = conv else {
            return Units::None;
        };
        let Some(engine) = conv.engine() else {
            return Units::Exact(conv);
        };
        let plan = &*engine.plan;
        // Normalization changes offsets only if the text holds a character it maps.
        if !plan.norm.is_empty() {
            let touched = text
                .chars()
                .any(|c| plan.norm.iter().any(|t| t.starts_key(c as u32)));
            if touched {
                return Units::Exact(conv);
            }
        }
        match plan.seg_trie() {
            Some(trie) => Units::Trie {
                trie,
                phrases_only: true,
            },
            None => match plan.chain.first() {
                Some(trie) => Units::Trie {
                    trie,
                    phrases_only: false,
                },
                None => Units::None,
            },
        }
    }

    /// The length of the first scan's phrase at `pos` when longer than one character (or an
    /// ideographic description sequence), else 0. Always lands on a character boundary.
    #[inline]
    pub fn len_at(&self, text: &str, pos: usize) -> usize {
        let d = match self {
            Units::None => 0,
            Units::Exact(c) => c.phrase_len_at(text, pos),
            Units::Trie { trie, phrases_only } => {
                let bytes = text.as_bytes();
                let (end, e, _) = trie.longest_at(bytes, pos);
                if e != 0 && (!phrases_only || e & PHRASE != 0) {
                    end - pos
                } else {
                    let (cp, _) = ids::decode(bytes, pos);
                    if ids::is_operator(cp) {
                        ids::len_at(bytes, pos)
                    } else {
                        0
                    }
                }
            }
        };
        if d == 0 || pos + d > text.len() || !text.is_char_boundary(pos + d) {
            0
        } else {
            d
        }
    }

    /// How far the first scan's unit at `pos` reaches (at least one character).
    #[inline]
    pub fn step(&self, text: &str, pos: usize) -> usize {
        match self.len_at(text, pos) {
            0 => text[pos..].chars().next().map_or(1, char::len_utf8),
            d => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(conv: &Converter, text: &str) -> Vec<usize> {
        let u = Units::new(Some(conv), text);
        let mut cuts = vec![0];
        let mut p = 0;
        while p < text.len() {
            p += u.step(text, p);
            cuts.push(p);
        }
        cuts
    }

    #[test]
    fn segmentation_phrases_are_units() {
        let c = Converter::builtin("s2twp").unwrap();
        // 头发 and 发展 are segmentation phrases; 我 is a character.
        assert_eq!(walk(&c, "我头发发展"), [0, 3, 9, 15]);
        assert_eq!(Units::new(Some(&c), "头发").len_at("头发", 0), 6);
        // Unsegmented config: the first stage's longest key.
        let t = Converter::builtin("s2t").unwrap();
        assert_eq!(Units::new(Some(&t), "头发").len_at("头发", 0), 6);
        assert_eq!(Units::new(None, "头发").len_at("头发", 0), 0);
    }

    #[test]
    fn cutting_at_units_converts_like_the_whole() {
        for name in ["s2twp", "s2hkp", "tw2sp", "s2t", "t2s"] {
            let c = Converter::builtin(name).unwrap();
            let text = "我的头发干净，打印机在发展中。軟件與記憶體";
            let whole = c.convert(text);
            let cuts = walk(&c, text);
            // Cutting at every unit of a segmentation phrase keeps phrases whole.
            let u = Units::new(Some(&c), text);
            let mut pieces = String::new();
            let mut run = 0;
            for w in cuts.windows(2) {
                if u.len_at(text, w[0]) > 0 {
                    pieces.push_str(&c.convert(&text[run..w[0]]));
                    pieces.push_str(&c.convert(&text[w[0]..w[1]]));
                    run = w[1];
                }
            }
            pieces.push_str(&c.convert(&text[run..]));
            assert_eq!(pieces, whole, "{name}");
        }
    }
}
