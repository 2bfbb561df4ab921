//! Variant codes as they may be written inside `-{ }-` rule bodies, and the names MediaWiki
//! shows for them.
//!
//! MediaWiki accepts a code in two places, with two different strictnesses, and tongwen keeps
//! the difference because it decides how a body is split:
//! - [`validate`] (MediaWiki's `LanguageConverter::validateVariant`) accepts the nine internal
//!   codes (`zh`, `zh-hans`, … `zh-tw`) and the BCP 47 spellings MediaWiki generates for them
//!   (`zh-Hans`, `zh-Hant-TW`, `zh-Hans-CN`, …), in any letter case;
//! - the `;` separator rule (`getVarSeparatorPattern`) only looks ahead for the *exact*
//!   spellings ([`SEPARATOR_SPELLINGS`]): lower-case internal codes and the BCP 47 forms with
//!   their canonical case. `-{zh-cn:A;zh-TW:B}-` therefore has one piece (`zh-cn` → `A;zh-TW:B`),
//!   exactly as on zh.wikipedia.

use crate::variant::Variant;

/// The spellings after which a `;` in a rule body is a separator (case-sensitive).
pub const SEPARATOR_SPELLINGS: [&str; 17] = [
    "zh",
    "zh-hans",
    "zh-hant",
    "zh-cn",
    "zh-hk",
    "zh-mo",
    "zh-my",
    "zh-sg",
    "zh-tw",
    "zh-Hans",
    "zh-Hant",
    "zh-Hans-CN",
    "zh-Hant-HK",
    "zh-Hant-MO",
    "zh-Hans-MY",
    "zh-Hans-SG",
    "zh-Hant-TW",
];

/// MediaWiki's `validateVariant`: the variant an (already trimmed) code names, in any case,
/// internal or BCP 47 spelling; `None` for anything else (including `zh_TW` and `zh-TW ` with
/// a space, which MediaWiki rejects too).
pub fn validate(code: &str) -> Option<Variant> {
    if code.len() > 10 || !code.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 10];
    let lower = &mut buf[..code.len()];
    lower.copy_from_slice(code.as_bytes());
    lower.make_ascii_lowercase();
    let v = match &*lower {
        b"zh" => Variant::Zh,
        b"zh-hans" => Variant::ZhHans,
        b"zh-hant" => Variant::ZhHant,
        b"zh-cn" | b"zh-hans-cn" => Variant::ZhCN,
        b"zh-hk" | b"zh-hant-hk" => Variant::ZhHK,
        b"zh-mo" | b"zh-hant-mo" => Variant::ZhMO,
        b"zh-my" | b"zh-hans-my" => Variant::ZhMY,
        b"zh-sg" | b"zh-hans-sg" => Variant::ZhSG,
        b"zh-tw" | b"zh-hant-tw" => Variant::ZhTW,
        _ => return None,
    };
    Some(v)
}

/// True if `s` starts with a separator spelling followed by optional whitespace and `:`
/// (the look-ahead of MediaWiki's separator pattern).
pub fn starts_with_code_colon(s: &str) -> bool {
    SEPARATOR_SPELLINGS.iter().any(|code| {
        s.strip_prefix(code)
            .is_some_and(|rest| rest.trim_start_matches(is_pcre_space).starts_with(':'))
    })
}

/// The name MediaWiki's `ZhConverter::getVariantNames` gives a variant (used by `-{D|…}-` and
/// `-{N|…}-`). Same as [`Variant::display_name`] except `zh`, which MediaWiki calls 原文.
pub fn mediawiki_name(v: Variant) -> &'static str {
    match v {
        Variant::Zh => "原文",
        other => other.display_name(),
    }
}

/// PCRE's `\s` without the `u` flag: ASCII space, tab, LF, VT, FF, CR.
pub fn is_pcre_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r')
}

/// PHP's `trim()`: strips space, tab, LF, CR, NUL and VT from both ends.
pub fn php_trim(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\0' | '\x0B'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_accepts_internal_and_bcp47_in_any_case() {
        assert_eq!(validate("zh-tw"), Some(Variant::ZhTW));
        assert_eq!(validate("zh-TW"), Some(Variant::ZhTW));
        assert_eq!(validate("zh-Hant-TW"), Some(Variant::ZhTW));
        assert_eq!(validate("ZH-HANS"), Some(Variant::ZhHans));
        assert_eq!(validate("zh"), Some(Variant::Zh));
        assert_eq!(validate("zh_TW"), None);
        assert_eq!(validate("http"), None);
        assert_eq!(validate(""), None);
        assert_eq!(validate("zh-Hant-TW-x"), None);
        assert_eq!(validate("中文"), None);
    }

    #[test]
    fn separator_lookahead_is_case_sensitive() {
        assert!(starts_with_code_colon("zh-tw:x"));
        assert!(starts_with_code_colon("zh-tw :x"));
        assert!(starts_with_code_colon("zh-Hant-TW:x"));
        assert!(starts_with_code_colon("zh:x"));
        assert!(!starts_with_code_colon("zh-TW:x"));
        assert!(!starts_with_code_colon("zh-xx:x"));
        assert!(!starts_with_code_colon("zh-tw"));
    }

    #[test]
    fn trims_like_php() {
        assert_eq!(php_trim(" \t甲\n\r\0\x0B"), "甲");
        assert_eq!(php_trim("\x0C甲"), "\x0C甲");
    }
}
