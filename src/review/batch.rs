//! Many small units of visible text as one string, so that the engine is called once per
//! source instead of once per span.
//!
//! Units are joined with `\n`. No OpenCC dictionary key contains a newline, so no match of
//! any stage (and no segmentation phrase) can cross one: converting or scanning the joined
//! text gives, for each unit, exactly what converting or scanning the unit alone gives, and
//! the newlines come out unchanged. The one exception is an ideographic description sequence,
//! whose operands may be any character: a source whose units hold an IDS operator
//! (U+2FF0–U+2FFF) is not batched ([`Batch::new`] returns `None`).

use std::ops::Range;

/// Units of a source joined by newlines, with the map back to source offsets.
pub struct Batch {
    pub text: String,
    /// Per unit: (start in `text`, start in the source, length), in order.
    map: Vec<(usize, usize, usize)>,
}

impl Batch {
    /// `None` when a unit holds an IDS operator.
    pub fn new(source: &str, units: &[Range<usize>]) -> Option<Batch> {
        let len: usize = units.iter().map(|u| u.len() + 1).sum();
        let mut text = String::with_capacity(len);
        let mut map = Vec::with_capacity(units.len());
        for u in units {
            if !text.is_empty() {
                text.push('\n');
            }
            map.push((text.len(), u.start, u.len()));
            text.push_str(&source[u.clone()]);
        }
        // (The joining newlines make no operator.)
        if crate::engine::has_ids_operator(text.as_bytes()) {
            return None;
        }
        Some(Batch { text, map })
    }

    /// The source range of a range of `text` that lies within one unit.
    pub fn to_source(&self, r: &Range<usize>) -> Range<usize> {
        let i = self
            .map
            .partition_point(|m| m.0 <= r.start)
            .saturating_sub(1);
        let (b, s, _) = self.map[i];
        r.start - b + s..r.end - b + s
    }

    /// The index of the unit that holds offset `at` of `text` (a joining newline belongs to
    /// the unit before it).
    pub fn unit_at(&self, at: usize) -> usize {
        self.map.partition_point(|m| m.0 <= at).saturating_sub(1)
    }

    /// The units in order: (start in `text`, start in the source, length).
    pub fn units(&self) -> &[(usize, usize, usize)] {
        &self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_maps_back() {
        let src = "ab干了cd发";
        let b = Batch::new(src, &[2..8, 10..13]).unwrap();
        assert_eq!(b.text, "干了\n发");
        assert_eq!(b.to_source(&(0..6)), 2..8);
        assert_eq!(b.to_source(&(7..10)), 10..13);
        assert!(Batch::new("⿰氵发", std::slice::from_ref(&(0..9))).is_none());
    }
}
