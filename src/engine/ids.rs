//! Ideographic description sequences (IDS), the one multi-character "unmatched unit".
//!
//! When no dictionary key starts at a position, OpenCC copies one unit: a *complete* IDS if
//! one starts there, else one character. An IDS is an operator (U+2FF0–U+2FFF) followed by
//! its operands (2 for most operators, 3 for U+2FF2/U+2FF3, 1 for U+2FFE/U+2FFF); an operand
//! is a nested IDS or any other code point (newlines and spaces included). Parsing is a
//! recursive descent limited to depth 16 and 64 code points; an incomplete or over-limit
//! sequence is no IDS at all (its operator is then an ordinary one-character unit).
//!
//! Self-contained (std only): `build.rs` includes this file too.

/// First and last IDS operator.
pub const IDS_FIRST: u32 = 0x2FF0;
pub const IDS_LAST: u32 = 0x2FFF;
const MAX_DEPTH: usize = 16;
const MAX_CODE_POINTS: usize = 64;

/// How many operands the operator `cp` takes (0 when `cp` is no operator).
#[inline]
pub fn arity(cp: u32) -> usize {
    match cp {
        0x2FF2 | 0x2FF3 => 3,
        0x2FFE | 0x2FFF => 1,
        0x2FF0..=0x2FFD => 2,
        _ => 0,
    }
}

/// True when `cp` is an IDS operator.
#[inline(always)]
pub fn is_operator(cp: u32) -> bool {
    (IDS_FIRST..=IDS_LAST).contains(&cp)
}

/// The result of parsing an IDS at a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ids {
    /// A complete sequence of this many bytes.
    Complete(usize),
    /// The text ended before the sequence was complete (more text could complete it).
    Incomplete,
    /// Not an IDS (no operator here, or a limit was exceeded).
    Invalid,
}

/// Decodes the character at `i` of valid UTF-8 `t` (returns code point and byte length).
#[inline(always)]
pub fn decode(t: &[u8], i: usize) -> (u32, usize) {
    let b0 = t[i] as u32;
    if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (t[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12) | ((t[i + 1] as u32 & 0x3F) << 6) | (t[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((t[i + 1] as u32 & 0x3F) << 12)
                | ((t[i + 2] as u32 & 0x3F) << 6)
                | (t[i + 3] as u32 & 0x3F),
            4,
        )
    }
}

/// Parses an IDS starting at byte `i` of `t` (valid UTF-8), not looking past `t.len()`.
pub fn parse(t: &[u8], i: usize) -> Ids {
    if i >= t.len() {
        return Ids::Invalid;
    }
    let (cp, _) = decode(t, i);
    if arity(cp) == 0 {
        return Ids::Invalid;
    }
    let mut code_points = 0;
    match consume(t, i, MAX_DEPTH, &mut code_points) {
        Ok(end) => Ids::Complete(end - i),
        Err(s) => s,
    }
}

/// Length in bytes of the complete IDS starting at `i`, or 0.
#[inline]
pub fn len_at(t: &[u8], i: usize) -> usize {
    match parse(t, i) {
        Ids::Complete(n) => n,
        _ => 0,
    }
}

fn consume(t: &[u8], i: usize, depth_left: usize, code_points: &mut usize) -> Result<usize, Ids> {
    if i >= t.len() {
        return Err(Ids::Incomplete);
    }
    if depth_left == 0 || *code_points >= MAX_CODE_POINTS {
        return Err(Ids::Invalid);
    }
    let (cp, len) = decode(t, i);
    *code_points += 1;
    let n = arity(cp);
    let mut end = i + len;
    for _ in 0..n {
        if end >= t.len() {
            return Err(Ids::Incomplete);
        }
        end = consume(t, end, depth_left - 1, code_points)?;
    }
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> usize {
        len_at(s.as_bytes(), 0)
    }

    #[test]
    fn binary_ternary_unary_operators() {
        assert_eq!(l("⿰氵发"), "⿰氵发".len());
        assert_eq!(l("⿰氵发后面"), "⿰氵发".len());
        assert_eq!(l("⿲彳亍丁x"), "⿲彳亍丁".len());
        assert_eq!(l("⿾人y"), "⿾人".len());
        assert_eq!(l("⿰⿱口口木z"), "⿰⿱口口木".len());
    }

    #[test]
    fn operands_may_be_any_code_point() {
        assert_eq!(l("⿰a\nb"), "⿰a\n".len());
        assert_eq!(l("⿰ 😀"), "⿰ 😀".len());
    }

    #[test]
    fn incomplete_and_invalid() {
        assert_eq!(parse("⿰氵".as_bytes(), 0), Ids::Incomplete);
        assert_eq!(parse("⿰".as_bytes(), 0), Ids::Incomplete);
        assert_eq!(parse("氵⿰".as_bytes(), 0), Ids::Invalid);
        // 16 nested unary operators need a 17th level for their operand: too deep.
        let deep = format!("{}x", "⿾".repeat(16));
        assert_eq!(parse(deep.as_bytes(), 0), Ids::Invalid);
        let ok = format!("{}x", "⿾".repeat(15));
        assert_eq!(l(&ok), ok.len());
        // 64 code points at most.
        let long = format!("{}x", "⿾".repeat(15));
        assert!(long.chars().count() <= 64);
    }

    #[test]
    fn code_point_limit() {
        // ⿰ with nested binary trees: build a sequence of exactly 64 and of 65 code points.
        // A chain ⿰ a ⿰ a ⿰ ... keeps depth ≤ 16 only for short chains, so use width:
        // ⿲ X X X where each X = ⿲ a a a (4 cps) -> 1 + 3*4 = 13 cps, depth 2.
        let x = "⿲aaa";
        let y = format!("⿲{x}{x}{x}"); // 13
        let z = format!("⿲{y}{y}{y}"); // 40
        assert_eq!(z.chars().count(), 40);
        assert_eq!(l(&z), z.len());
        let w = format!("⿲{z}{y}{y}"); // 1 + 40 + 26 = 67 > 64
        assert_eq!(parse(w.as_bytes(), 0), Ids::Invalid);
        let v = format!("⿲{z}{y}⿲aa⿲aaa"); // 1 + 40 + 13 + 1 + 2 + 4 = 61
        assert_eq!(v.chars().count(), 61);
        assert_eq!(l(&v), v.len());
    }
}
