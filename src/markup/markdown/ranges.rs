//! Sorted lists of byte ranges: merging and subtraction, both linear.

use std::ops::Range;

/// Merges overlapping or touching ranges of a list sorted by start; drops empty ones.
pub(super) fn merge_sorted(list: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(list.len());
    for r in list {
        if r.start >= r.end {
            continue;
        }
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The union of two sorted, merged lists, sorted and merged.
pub(super) fn union(a: &[Range<usize>], b: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut all = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].start <= b[j].start) {
            all.push(a[i].clone());
            i += 1;
        } else {
            all.push(b[j].clone());
            j += 1;
        }
    }
    merge_sorted(all)
}

/// `list` minus `cut`: both sorted; `list` disjoint, `cut` merged. Pieces of a range that
/// `cut` splits stay separate.
pub(super) fn subtract(list: &[Range<usize>], cut: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(list.len());
    let mut j = 0;
    for r in list {
        let mut start = r.start;
        while j < cut.len() && cut[j].end <= start {
            j += 1;
        }
        let mut k = j;
        while start < r.end {
            match cut.get(k) {
                Some(c) if c.start < r.end => {
                    if start < c.start {
                        out.push(start..c.start);
                    }
                    start = start.max(c.end);
                    if c.end <= r.end {
                        k += 1;
                    } else {
                        break;
                    }
                }
                _ => {
                    out.push(start..r.end);
                    break;
                }
            }
        }
    }
    out
}

/// Whether `pos` lies in one of the sorted, merged `ranges`, moving the cursor `at` forward
/// (queries must come in increasing order of `pos`).
pub(super) fn inside(ranges: &[Range<usize>], at: &mut usize, pos: usize) -> Option<Range<usize>> {
    while *at < ranges.len() && ranges[*at].end <= pos {
        *at += 1;
    }
    match ranges.get(*at) {
        Some(r) if r.start <= pos => Some(r.clone()),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    #[test]
    fn merge_and_union() {
        assert_eq!(
            merge_sorted(vec![0..2, 1..3, 3..4, 6..6, 7..9]),
            vec![0..4, 7..9]
        );
        assert_eq!(union(&[0..2, 8..9], &[1..5, 6..7]), vec![0..5, 6..7, 8..9]);
    }

    #[test]
    fn subtraction() {
        assert_eq!(subtract(&[0..10], &[2..3, 5..6]), vec![0..2, 3..5, 6..10]);
        assert_eq!(subtract(&[0..3, 4..8], &[2..5]), vec![0..2, 5..8]);
        assert_eq!(subtract(&[0..3, 4..8], &[0..9]), Vec::<Range<usize>>::new());
        assert_eq!(subtract(&[1..3, 5..7], &[]), vec![1..3, 5..7]);
        assert_eq!(subtract(&[0..4, 5..9], &[3..6, 8..20]), vec![0..3, 6..8]);
    }

    #[test]
    fn inside_moves_forward() {
        let r = [2..4, 6..8];
        let mut at = 0;
        assert_eq!(inside(&r, &mut at, 1), None);
        assert_eq!(inside(&r, &mut at, 3), Some(2..4));
        assert_eq!(inside(&r, &mut at, 5), None);
        assert_eq!(inside(&r, &mut at, 7), Some(6..8));
        assert_eq!(inside(&r, &mut at, 9), None);
    }
}
