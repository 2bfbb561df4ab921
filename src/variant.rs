//! The eight regional variants of written Chinese that zh.wikipedia shows, how their tags are
//! spelled, MediaWiki's fallback chains between them, and the OpenCC configs tongwen uses by
//! default to produce each edition.
//!
//! This module knows nothing of the engine's internals or of markup: it is the vocabulary the
//! other modules share.

use std::fmt;
use std::str::FromStr;

/// One of MediaWiki's zh variants. `Zh` (no conversion) exists only because `-{ }-` rule bodies
/// may name it (`zh:…`); it is never an edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variant {
    Zh,
    ZhHans,
    ZhHant,
    ZhCN,
    ZhHK,
    ZhMO,
    ZhMY,
    ZhSG,
    ZhTW,
}

impl Variant {
    /// The eight editions, in the order tongwen writes them.
    pub const EDITIONS: [Variant; 8] = [
        Variant::ZhHans,
        Variant::ZhHant,
        Variant::ZhCN,
        Variant::ZhTW,
        Variant::ZhHK,
        Variant::ZhMO,
        Variant::ZhSG,
        Variant::ZhMY,
    ];

    /// MediaWiki's walk order in `ConverterRule::generateConvTable` (zh first).
    pub const MEDIAWIKI_ORDER: [Variant; 9] = [
        Variant::Zh,
        Variant::ZhHans,
        Variant::ZhHant,
        Variant::ZhCN,
        Variant::ZhHK,
        Variant::ZhMO,
        Variant::ZhMY,
        Variant::ZhSG,
        Variant::ZhTW,
    ];

    /// The lower-case MediaWiki code used inside `-{ }-` rules: `zh-hans`, `zh-tw`, …
    pub fn code(self) -> &'static str {
        match self {
            Variant::Zh => "zh",
            Variant::ZhHans => "zh-hans",
            Variant::ZhHant => "zh-hant",
            Variant::ZhCN => "zh-cn",
            Variant::ZhHK => "zh-hk",
            Variant::ZhMO => "zh-mo",
            Variant::ZhMY => "zh-my",
            Variant::ZhSG => "zh-sg",
            Variant::ZhTW => "zh-tw",
        }
    }

    /// The BCP 47 spelling used for edition names, output folders and the CLI: `zh-Hans`, `zh-TW`, …
    pub fn tag(self) -> &'static str {
        match self {
            Variant::Zh => "zh",
            Variant::ZhHans => "zh-Hans",
            Variant::ZhHant => "zh-Hant",
            Variant::ZhCN => "zh-CN",
            Variant::ZhHK => "zh-HK",
            Variant::ZhMO => "zh-MO",
            Variant::ZhMY => "zh-MY",
            Variant::ZhSG => "zh-SG",
            Variant::ZhTW => "zh-TW",
        }
    }

    /// Parses a variant tag in any of the spellings people use: `zh-TW`, `zh-tw`, `zh_TW`,
    /// `zh-Hant-TW`, `zh-Hans-CN`, `ZH-HANT`. Returns `None` for anything else.
    pub fn parse(tag: &str) -> Option<Variant> {
        let t = tag.trim().to_ascii_lowercase().replace('_', "-");
        let v = match t.as_str() {
            "zh" => Variant::Zh,
            "zh-hans" => Variant::ZhHans,
            "zh-hant" => Variant::ZhHant,
            "zh-cn" | "zh-hans-cn" => Variant::ZhCN,
            "zh-tw" | "zh-hant-tw" => Variant::ZhTW,
            "zh-hk" | "zh-hant-hk" => Variant::ZhHK,
            "zh-mo" | "zh-hant-mo" => Variant::ZhMO,
            "zh-sg" | "zh-hans-sg" => Variant::ZhSG,
            "zh-my" | "zh-hans-my" => Variant::ZhMY,
            _ => return None,
        };
        Some(v)
    }

    /// Like [`Variant::parse`] but only accepts the eight editions (not bare `zh`).
    pub fn parse_edition(tag: &str) -> Option<Variant> {
        Variant::parse(tag).filter(|v| *v != Variant::Zh)
    }

    /// MediaWiki's fallback chain after an exact match (`ZhConverter::getVariantsFallbacks`).
    pub fn fallbacks(self) -> &'static [Variant] {
        use Variant::*;
        match self {
            Zh => &[ZhHans, ZhHant, ZhCN, ZhTW, ZhHK, ZhSG, ZhMO, ZhMY],
            ZhHans => &[ZhCN, ZhSG, ZhMY],
            ZhHant => &[ZhTW, ZhHK, ZhMO],
            ZhCN => &[ZhHans, ZhSG, ZhMY],
            ZhTW => &[ZhHant, ZhHK, ZhMO],
            ZhHK => &[ZhMO, ZhHant, ZhTW],
            ZhMO => &[ZhHK, ZhHant, ZhTW],
            ZhSG => &[ZhMY, ZhHans, ZhCN],
            ZhMY => &[ZhSG, ZhHans, ZhCN],
        }
    }

    /// The variant itself followed by its fallbacks: the order in which a `-{ }-` variant list is
    /// searched for this edition's text.
    pub fn lookup_order(self) -> impl Iterator<Item = Variant> {
        std::iter::once(self).chain(self.fallbacks().iter().copied())
    }

    /// zh-Hans and zh-Hant take only unidirectional (`from=>zh-xx:to`) page rules
    /// (`ZhConverter::getAdditionalManualLevel`); `zh` takes none.
    pub fn is_unidirectional(self) -> bool {
        matches!(self, Variant::ZhHans | Variant::ZhHant)
    }

    /// The name MediaWiki shows for this variant (`-{N|zh-tw}-`, `-{D|…}-`), from
    /// `ZhConverter::getVariantNames`.
    pub fn display_name(self) -> &'static str {
        match self {
            Variant::Zh => "原始",
            Variant::ZhHans => "简体",
            Variant::ZhHant => "繁體",
            Variant::ZhCN => "大陆",
            Variant::ZhHK => "香港",
            Variant::ZhMO => "澳門",
            Variant::ZhMY => "大马",
            Variant::ZhSG => "新加坡",
            Variant::ZhTW => "臺灣",
        }
    }

    /// The OpenCC configs tongwen applies, in order, to produce this edition when pipeline.yaml
    /// does not say otherwise. Sources are mixed Simplified/Traditional; each config passes
    /// through the text that is already in its target script.
    ///
    /// | edition | configs | why |
    /// |---|---|---|
    /// | zh-Hans | t2s | script only, like MediaWiki's ZH_TO_HANS |
    /// | zh-Hant | s2t | script only, like ZH_TO_HANT |
    /// | zh-CN, zh-SG, zh-MY | tw2sp | Taiwan vocabulary to mainland, then script (MediaWiki uses ZH_TO_CN for all three) |
    /// | zh-TW | s2twp | script, Taiwan variants and vocabulary |
    /// | zh-HK, zh-MO | s2hkp | script, Hong Kong variants and vocabulary (MediaWiki uses ZH_TO_HK for both) |
    pub fn default_configs(self) -> &'static [&'static str] {
        match self {
            Variant::Zh => &[],
            Variant::ZhHans => &["t2s"],
            Variant::ZhHant => &["s2t"],
            Variant::ZhCN | Variant::ZhSG | Variant::ZhMY => &["tw2sp"],
            Variant::ZhTW => &["s2twp"],
            Variant::ZhHK | Variant::ZhMO => &["s2hkp"],
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Error for an unknown variant tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown variant `{0}` (expected one of zh-Hans, zh-Hant, zh-CN, zh-TW, zh-HK, zh-MO, zh-SG, zh-MY)"
)]
pub struct UnknownVariant(pub String);

impl FromStr for Variant {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Variant::parse_edition(s).ok_or_else(|| UnknownVariant(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_spellings() {
        for s in ["zh-TW", "zh-tw", "zh_TW", "zh-Hant-TW", "ZH-TW", " zh-tw "] {
            assert_eq!(Variant::parse(s), Some(Variant::ZhTW), "{s}");
        }
        assert_eq!(Variant::parse("zh-Hans-CN"), Some(Variant::ZhCN));
        assert_eq!(Variant::parse("zh-hans"), Some(Variant::ZhHans));
        assert_eq!(Variant::parse("zh"), Some(Variant::Zh));
        assert_eq!(Variant::parse_edition("zh"), None);
        assert_eq!(Variant::parse("en"), None);
        assert_eq!(Variant::parse("zh-xx"), None);
        assert!("zh-mo".parse::<Variant>().is_ok());
        assert_eq!(
            "fr".parse::<Variant>().unwrap_err().to_string(),
            "unknown variant `fr` (expected one of zh-Hans, zh-Hant, zh-CN, zh-TW, zh-HK, zh-MO, zh-SG, zh-MY)"
        );
    }

    #[test]
    fn tags_and_codes_round_trip() {
        for v in Variant::MEDIAWIKI_ORDER {
            assert_eq!(Variant::parse(v.tag()), Some(v));
            assert_eq!(Variant::parse(v.code()), Some(v));
        }
    }

    #[test]
    fn fallback_chains_follow_current_mediawiki() {
        use Variant::*;
        let order = |v: Variant| v.lookup_order().collect::<Vec<_>>();
        assert_eq!(order(ZhHK), [ZhHK, ZhMO, ZhHant, ZhTW]);
        assert_eq!(order(ZhMO), [ZhMO, ZhHK, ZhHant, ZhTW]);
        assert_eq!(order(ZhSG), [ZhSG, ZhMY, ZhHans, ZhCN]);
        assert_eq!(order(ZhMY), [ZhMY, ZhSG, ZhHans, ZhCN]);
        assert_eq!(order(ZhCN), [ZhCN, ZhHans, ZhSG, ZhMY]);
        assert_eq!(order(ZhTW), [ZhTW, ZhHant, ZhHK, ZhMO]);
        // `zh` is in no regional chain.
        for v in Variant::EDITIONS {
            assert!(!v.fallbacks().contains(&Zh));
        }
    }

    #[test]
    fn every_edition_has_configs() {
        for v in Variant::EDITIONS {
            assert!(!v.default_configs().is_empty());
        }
        assert_eq!(Variant::ZhTW.default_configs(), ["s2twp"]);
        assert_eq!(Variant::ZhHK.default_configs(), ["s2hkp"]);
        assert_eq!(Variant::ZhCN.default_configs(), ["tw2sp"]);
    }
}
