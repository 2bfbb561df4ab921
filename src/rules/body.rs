//! The meaning of one `-{ … }-` body, once nested blocks have been replaced by their display
//! text: flags, the variant list, the text shown for a variant, and the pairs the block puts
//! into a variant's conversion table.
//!
//! This is MediaWiki's `ConverterRule` (parseFlags, parseRules, getRuleConvertedStr,
//! getRulesDesc, generateConvTable), written from its behaviour:
//!
//! - **Flags** are the text before the first `|`, split on `;`, each trimmed; unknown ones are
//!   ignored. Normalisation ([`Flags::parse`]): none → `S` (show); `R` alone wins; else `N`;
//!   else `-`; `T` alone becomes `T`+`H`; `H` present → `+ H` (keeping `T` and `D`); otherwise
//!   `A` adds `+` and `S`, `D` drops `S`, and variant codes (`-{zh-hans;zh-hant|文字}-`) turn the
//!   block into a variant filter. The display is decided by walking the flags in that order,
//!   the last one that sets it wins (so `-{A;D|…}-` shows nothing, `-{D;H|…}-` the
//!   description).
//! - **Variant list** ([`RuleBody::parse`]): `;` separates two entries only if a variant code
//!   followed by `:` (or `from=>code:`) or the end of the body comes next, and never when it
//!   ends an HTML entity (`&amp;`). Each entry splits at its first `:`; `code:to` is
//!   bidirectional (an empty `to` is ignored), `from=>code:to` unidirectional (an empty `from`
//!   is ignored). An entry with a `:` whose code is not a variant (`-{http://x}-`) empties the
//!   whole list, and the block then shows its text raw. Entries without `:` are skipped.
//! - **Tables** ([`RuleBody::table_pairs`]): bidirectional entries are completed from the
//!   fallback chains while walking the variants in [`Variant::MEDIAWIKI_ORDER`] (a variant
//!   can inherit a text filled in earlier in the walk); every other variant's text then maps to
//!   the variant's own text. zh-Hans and zh-Hant take only unidirectional entries, `zh` takes
//!   none, and unidirectional entries are never inherited. A unidirectional entry beats a
//!   bidirectional one with the same key. One PHP quirk is kept: a fallback text `0` does not
//!   fill a missing variant (PHP treats the string `"0"` as false).

use super::codes::{self, is_pcre_space, php_trim};
use crate::variant::Variant;

/// One normalised flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// `A`: add the pairs and show the text (normalised to `A + S`).
    A,
    /// `T`: set the page's display title.
    T,
    /// `R`: show the body raw.
    R,
    /// `D`: show a description of the rule.
    D,
    /// `-`: remove the pairs' keys from the tables.
    Remove,
    /// `H`: add the pairs, show nothing.
    H,
    /// `N`: show the name of the variant the body names.
    N,
    /// `+` (internal): the block adds its pairs.
    Add,
    /// `S` (internal): show the text for the current variant.
    Show,
    /// A variant code used as a flag (before normalisation).
    Variant(Variant),
}

/// The flags of one block, normalised as MediaWiki does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// In MediaWiki's insertion order; each flag at most once.
    pub list: Vec<Flag>,
    /// Non-empty for a variant filter `-{zh-hans;zh-hant|…}-`: the listed variants.
    pub filter: Vec<Variant>,
}

impl Flags {
    /// Parses the text before the first `|` (`None` when the body has no `|`).
    ///
    /// Variant codes are recognised in any case and BCP 47 spelling (as Parsoid does; the
    /// legacy PHP parser only knows the lower-case internal codes here).
    pub fn parse(flag_text: Option<&str>) -> Flags {
        let mut list: Vec<Flag> = Vec::new();
        if let Some(text) = flag_text {
            for f in text.split(';') {
                let f = php_trim(f);
                let flag = match f {
                    "A" => Flag::A,
                    "T" => Flag::T,
                    "R" => Flag::R,
                    "D" => Flag::D,
                    "-" => Flag::Remove,
                    "H" => Flag::H,
                    "N" => Flag::N,
                    _ => match codes::validate(f) {
                        Some(v) => Flag::Variant(v),
                        None => continue,
                    },
                };
                if !list.contains(&flag) {
                    list.push(flag);
                }
            }
        }
        let has = |list: &[Flag], f: Flag| list.contains(&f);
        let mut filter = Vec::new();
        if list.is_empty() {
            list.push(Flag::Show);
        } else if has(&list, Flag::R) {
            list = vec![Flag::R];
        } else if has(&list, Flag::N) {
            list = vec![Flag::N];
        } else if has(&list, Flag::Remove) {
            list = vec![Flag::Remove];
        } else if list == [Flag::T] {
            list.push(Flag::H);
        } else if has(&list, Flag::H) {
            let mut temp = vec![Flag::Add, Flag::H];
            if has(&list, Flag::T) {
                temp.push(Flag::T);
            }
            if has(&list, Flag::D) {
                temp.push(Flag::D);
            }
            list = temp;
        } else {
            if has(&list, Flag::A) {
                if !has(&list, Flag::Add) {
                    list.push(Flag::Add);
                }
                list.push(Flag::Show);
            }
            if has(&list, Flag::D) {
                list.retain(|f| *f != Flag::Show);
            }
            filter = list
                .iter()
                .filter_map(|f| match f {
                    Flag::Variant(v) => Some(*v),
                    _ => None,
                })
                .collect();
            if !filter.is_empty() {
                list.clear();
            }
        }
        Flags { list, filter }
    }

    pub fn has(&self, f: Flag) -> bool {
        self.list.contains(&f)
    }

    /// The variant a filter block converts its text to for `edition`: the edition itself if
    /// listed, else the first of its fallbacks that is listed; `None` shows the text raw.
    pub fn filter_target(&self, edition: Variant) -> Option<Variant> {
        edition.lookup_order().find(|v| self.filter.contains(v))
    }
}

/// Splits a body at its first `|` into (flag text, rule text).
///
/// MediaWiki sees the body after links and templates have been rendered, so a `|` inside
/// `[[…]]` or `{{…}}` is never the flag separator there; at the wikitext level those
/// brackets are skipped. If they never close, they are plain text and the first `|` counts.
pub fn split_flags(body: &str) -> (Option<&str>, &str) {
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' if bytes.get(i + 1) == Some(&bytes[i]) => {
                depth += 1;
                i += 2;
                continue;
            }
            b']' | b'}' if depth > 0 && bytes.get(i + 1) == Some(&bytes[i]) => {
                depth -= 1;
                i += 2;
                continue;
            }
            b'|' if depth == 0 => return (Some(&body[..i]), &body[i + 1..]),
            _ => {}
        }
        i += 1;
    }
    if depth > 0
        && let Some(p) = body.find('|')
    {
        return (Some(&body[..p]), &body[p + 1..]);
    }
    (None, body)
}

/// What a block does to the conversion tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    None,
    Add,
    Remove,
}

/// The parsed variant list of a body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleBody {
    /// Bidirectional entries, one per variant, in first-appearance order (a repeated variant
    /// keeps its place and takes the later text).
    pub bid: Vec<(Variant, String)>,
    /// Unidirectional entries per variant (first-appearance order), each `from → to` with
    /// unique `from` (a repeated `from` keeps its place and takes the later `to`).
    pub unid: Vec<(Variant, Vec<(String, String)>)>,
}

/// MediaWiki's manual conversion level of a variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Disable,
    Unidirectional,
    Bidirectional,
}

/// `ZhConverter::getAdditionalManualLevel`.
pub fn mediawiki_level(v: Variant) -> Level {
    match v {
        Variant::Zh => Level::Disable,
        Variant::ZhHans | Variant::ZhHant => Level::Unidirectional,
        _ => Level::Bidirectional,
    }
}

impl RuleBody {
    /// Parses a rule text (after the flags). `=&gt;` is decoded to `=>` first.
    pub fn parse(text: &str) -> RuleBody {
        let decoded;
        let text = if text.contains("=&gt;") {
            decoded = text.replace("=&gt;", "=>");
            decoded.as_str()
        } else {
            text
        };
        let mut body = RuleBody::default();
        for piece in split_variants(text) {
            let Some((v, to)) = piece.split_once(':') else {
                continue;
            };
            let to = php_trim(to);
            let v = php_trim(v);
            let mut vv = codes::validate(v);
            match v.split_once("=>") {
                None => {
                    if let Some(var) = vv
                        && !to.is_empty()
                    {
                        body.set_bid(var, to);
                    }
                }
                Some((from, code)) => {
                    let from = php_trim(from);
                    vv = codes::validate(php_trim(code));
                    if let Some(var) = vv
                        && !from.is_empty()
                    {
                        body.set_unid(var, from, to);
                    }
                }
            }
            if vv.is_none() {
                return RuleBody::default();
            }
        }
        body
    }

    /// A body that gives every variant the same text (`-{H|word}-`, `-{-|word}-`).
    pub fn all_variants(text: &str) -> RuleBody {
        RuleBody {
            bid: Variant::MEDIAWIKI_ORDER
                .iter()
                .map(|v| (*v, text.to_string()))
                .collect(),
            unid: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.bid.is_empty() && self.unid.is_empty()
    }

    fn set_bid(&mut self, v: Variant, to: &str) {
        match self.bid.iter_mut().find(|(x, _)| *x == v) {
            Some(slot) => slot.1 = to.to_string(),
            None => self.bid.push((v, to.to_string())),
        }
    }

    fn set_unid(&mut self, v: Variant, from: &str, to: &str) {
        let list = match self.unid.iter().position(|(x, _)| *x == v) {
            Some(i) => &mut self.unid[i].1,
            None => {
                self.unid.push((v, Vec::new()));
                &mut self.unid.last_mut().expect("just pushed").1
            }
        };
        match list.iter_mut().find(|(f, _)| f == from) {
            Some(slot) => slot.1 = to.to_string(),
            None => list.push((from.to_string(), to.to_string())),
        }
    }

    /// The bidirectional text given for `v`, if any.
    pub fn bid_text(&self, v: Variant) -> Option<&str> {
        self.bid
            .iter()
            .find(|(x, _)| *x == v)
            .map(|(_, t)| t.as_str())
    }

    fn unid_of(&self, v: Variant) -> Option<&[(String, String)]> {
        self.unid
            .iter()
            .find(|(x, _)| *x == v)
            .map(|(_, l)| l.as_slice())
    }

    /// MediaWiki's `getRuleConvertedStr`: the text a show-block displays for `v`, from the
    /// variant itself, then its fallbacks, then its first unidirectional target; for `zh`
    /// only, the first text of the list. `None` when nothing applies (MediaWiki shows an
    /// error there). `raw` is returned for a body without entries.
    pub fn display_for<'a>(&'a self, v: Variant, raw: &'a str) -> Option<&'a str> {
        if self.is_empty() {
            return Some(raw);
        }
        if let Some(t) = v.lookup_order().find_map(|x| self.bid_text(x)) {
            return Some(t);
        }
        if let Some(list) = self.unid_of(v)
            && let Some((_, to)) = list.first()
        {
            return Some(to);
        }
        if mediawiki_level(v) == Level::Disable {
            if let Some((_, t)) = self.bid.first() {
                return Some(t);
            }
            return self
                .unid
                .first()
                .and_then(|(_, l)| l.first())
                .map(|(_, to)| to.as_str());
        }
        None
    }

    /// MediaWiki's `getRulesDesc` (`-{D|…}-`): `大陆：A；臺灣：B；` then `from⇒臺灣：to；`.
    pub fn description(&self) -> String {
        let mut s = String::new();
        for (v, t) in &self.bid {
            s.push_str(codes::mediawiki_name(*v));
            s.push('：');
            s.push_str(t);
            s.push('；');
        }
        for (v, list) in &self.unid {
            for (from, to) in list {
                s.push_str(from);
                s.push('⇒');
                s.push_str(codes::mediawiki_name(*v));
                s.push('：');
                s.push_str(to);
                s.push('；');
            }
        }
        s
    }

    /// The `(key, value)` pairs this body puts into `target`'s table (MediaWiki's
    /// `generateConvTable`), keys unique. `level` gives each variant's manual level
    /// ([`mediawiki_level`] for page rules).
    pub fn table_pairs(
        &self,
        target: Variant,
        level: impl Fn(Variant) -> Level,
    ) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        if self.is_empty() {
            return pairs;
        }
        let order = Variant::MEDIAWIKI_ORDER;
        let idx = |v: Variant| order.iter().position(|x| *x == v).unwrap_or(0);
        let mut filled: [Option<&str>; 9] = [None; 9];
        for (v, t) in &self.bid {
            filled[idx(*v)] = Some(t.as_str());
        }
        for (i, v) in order.iter().enumerate() {
            if filled[i].is_none() {
                let vf = v.fallbacks().iter().find_map(|f| filled[idx(*f)]);
                // PHP: `if ( $vf )` — the string "0" does not fill.
                if let Some(t) = vf
                    && t != "0"
                {
                    filled[i] = Some(t);
                }
            }
        }
        let ti = idx(target);
        let lv = level(target);
        if lv == Level::Bidirectional
            && let Some(own) = filled[ti]
        {
            for (i, other) in filled.iter().enumerate() {
                if i == ti {
                    continue;
                }
                if let Some(key) = other
                    && !pairs.iter().any(|(k, _)| k == key)
                {
                    pairs.push((key.to_string(), own.to_string()));
                }
            }
        }
        if lv != Level::Disable
            && let Some(list) = self.unid_of(target)
        {
            for (from, to) in list {
                match pairs.iter_mut().find(|(k, _)| k == from) {
                    Some(slot) => slot.1 = to.clone(),
                    None => pairs.push((from.clone(), to.clone())),
                }
            }
        }
        pairs
    }
}

/// Splits a rule text into entries with MediaWiki's separator rule (see the module docs).
pub fn split_variants(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b';', &bytes[i..]) {
        let semi = i + off;
        i = semi + 1;
        if ends_entity(bytes, semi) {
            continue;
        }
        let after = text[semi + 1..].trim_start_matches(is_pcre_space);
        let j = text.len() - after.len();
        if separator_follows(after) {
            pieces.push(&text[start..semi]);
            start = j;
            i = j;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// True if the `;` at `semi` ends an entity `&[#a-zA-Z0-9]+;`.
fn ends_entity(bytes: &[u8], semi: usize) -> bool {
    let mut k = semi;
    while k > 0 && (bytes[k - 1].is_ascii_alphanumeric() || bytes[k - 1] == b'#') {
        k -= 1;
    }
    k < semi && k > 0 && bytes[k - 1] == b'&'
}

/// The look-ahead of the separator pattern, at the text after `;` and its whitespace.
fn separator_follows(after: &str) -> bool {
    if after.is_empty() || codes::starts_with_code_colon(after) {
        return true;
    }
    let seg = &after[..after.find(';').unwrap_or(after.len())];
    let mut from = 0;
    while let Some(p) = seg[from..].find("=>") {
        let rest = after[from + p + 2..].trim_start_matches(is_pcre_space);
        if codes::starts_with_code_colon(rest) {
            return true;
        }
        from += p + 2;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use Variant::*;

    fn flags(s: &str) -> Flags {
        Flags::parse(Some(s))
    }

    #[test]
    fn flag_normalisation() {
        assert_eq!(Flags::parse(None).list, [Flag::Show]);
        assert_eq!(flags("").list, [Flag::Show]);
        assert_eq!(flags("X;Y").list, [Flag::Show]);
        assert_eq!(flags("R;H;A").list, [Flag::R]);
        assert_eq!(flags("D;R").list, [Flag::R]);
        assert_eq!(flags("N;D").list, [Flag::N]);
        assert_eq!(flags("-;H").list, [Flag::Remove]);
        assert_eq!(flags("T").list, [Flag::T, Flag::H]);
        assert_eq!(flags(" T ").list, [Flag::T, Flag::H]);
        assert_eq!(flags("H;T").list, [Flag::Add, Flag::H, Flag::T]);
        assert_eq!(flags("T;H").list, [Flag::Add, Flag::H, Flag::T]);
        assert_eq!(flags("D;H").list, [Flag::Add, Flag::H, Flag::D]);
        assert_eq!(flags("A;H").list, [Flag::Add, Flag::H]);
        assert_eq!(flags("A").list, [Flag::A, Flag::Add, Flag::Show]);
        assert_eq!(flags("A;D").list, [Flag::A, Flag::D, Flag::Add]);
        assert_eq!(flags("D").list, [Flag::D]);
        assert_eq!(flags("A;T").list, [Flag::A, Flag::T, Flag::Add, Flag::Show]);
    }

    #[test]
    fn variant_filters() {
        let f = flags("zh-hans;zh-hant");
        assert!(f.list.is_empty());
        assert_eq!(f.filter, [ZhHans, ZhHant]);
        assert_eq!(f.filter_target(ZhCN), Some(ZhHans));
        assert_eq!(f.filter_target(ZhHK), Some(ZhHant));
        assert_eq!(f.filter_target(ZhHans), Some(ZhHans));
        let f = flags("zh-Hant-TW;");
        assert_eq!(f.filter, [ZhTW]);
        assert_eq!(f.filter_target(ZhHant), Some(ZhTW));
        assert_eq!(f.filter_target(ZhCN), None);
        // A filter under H is ignored (H wins).
        assert_eq!(flags("H;zh-hans").filter, []);
        // A and a filter: the filter wins.
        assert_eq!(flags("A;zh-cn").filter, [ZhCN]);
        assert_eq!(flags("zh").filter_target(ZhTW), None);
    }

    #[test]
    fn flag_separator_skips_links_and_templates() {
        assert_eq!(split_flags("H|a"), (Some("H"), "a"));
        assert_eq!(split_flags("abc"), (None, "abc"));
        assert_eq!(
            split_flags("zh-tw:[[File:a.jpg|thumb|tw]];zh-cn:[[b|c]]"),
            (None, "zh-tw:[[File:a.jpg|thumb|tw]];zh-cn:[[b|c]]")
        );
        assert_eq!(split_flags("R|{{lang|en|x}}"), (Some("R"), "{{lang|en|x}}"));
        assert_eq!(split_flags("[[a|b]]|c"), (Some("[[a|b]]"), "c"));
        // Unclosed brackets are text: the first `|` counts.
        assert_eq!(split_flags("[[a|b"), (Some("[[a"), "b"));
        assert_eq!(split_flags("a]]|b"), (Some("a]]"), "b"));
    }

    #[test]
    fn separator_rule() {
        assert_eq!(
            split_variants("zh-hans:A;zh-hant:B"),
            ["zh-hans:A", "zh-hant:B"]
        );
        assert_eq!(
            split_variants("zh-hans:A; zh-hant :B;"),
            ["zh-hans:A", "zh-hant :B", ""]
        );
        assert_eq!(
            split_variants("zh-cn:<span style=\"a:b;\">x</span>;zh-tw:y"),
            ["zh-cn:<span style=\"a:b;\">x</span>", "zh-tw:y"]
        );
        assert_eq!(
            split_variants("zh-cn:a&amp;zh-tw:b"),
            ["zh-cn:a&amp;zh-tw:b"]
        );
        assert_eq!(
            split_variants("zh-cn:a&#59;;zh-tw:b"),
            ["zh-cn:a&#59;", "zh-tw:b"]
        );
        assert_eq!(
            split_variants("x=>zh-cn:a;y =>  zh-tw :b"),
            ["x=>zh-cn:a", "y =>  zh-tw :b"]
        );
        assert_eq!(split_variants("zh-cn:a;zh-TW:b"), ["zh-cn:a;zh-TW:b"]);
        assert_eq!(split_variants("a;b;c"), ["a;b;c"]);
        assert_eq!(split_variants("a;  \n"), ["a", ""]);
        assert_eq!(split_variants(""), [""]);
    }

    #[test]
    fn rule_body_parsing() {
        let b = RuleBody::parse("zh-cn:内存; zh-tw:記憶體;");
        assert_eq!(
            b.bid,
            [(ZhCN, "内存".to_string()), (ZhTW, "記憶體".to_string())]
        );
        // Trailing text without a colon is part of the previous value.
        let b = RuleBody::parse("zh-cn:金·米尔福特; zh-tw:金·米爾福特; 真·米爾福特;");
        assert_eq!(b.bid[1].1, "金·米爾福特; 真·米爾福特");
        // Unknown code empties the list.
        assert!(RuleBody::parse("http://example.org").is_empty());
        assert!(RuleBody::parse("xx:a;zh-cn:b").is_empty());
        // `;` before an unknown code does not separate: it stays in the value.
        assert_eq!(
            RuleBody::parse("zh-cn:a;zh-xx:b").bid,
            [(ZhCN, "a;zh-xx:b".to_string())]
        );
        // Empty values and empty `from` are ignored, not errors.
        let b = RuleBody::parse("zh-cn:foo;zh-tw:;");
        assert_eq!(b.bid, [(ZhCN, "foo".to_string())]);
        assert!(RuleBody::parse("=>zh-cn:foo;").is_empty());
        // Unidirectional, repeated keys keep their place.
        let b = RuleBody::parse("0=>zh-cn:C;0=>zh-cn:D;1=>zh-tw:E");
        assert_eq!(
            b.unid,
            [
                (ZhCN, vec![("0".to_string(), "D".to_string())]),
                (ZhTW, vec![("1".to_string(), "E".to_string())])
            ]
        );
        // =&gt; is decoded.
        let b = RuleBody::parse("A=&gt;zh-cn:B");
        assert_eq!(b.unid, [(ZhCN, vec![("A".to_string(), "B".to_string())])]);
        // BCP 47 code.
        let b = RuleBody::parse("zh:China;zh-Hant-TW:Taiwan");
        assert_eq!(b.bid[1], (ZhTW, "Taiwan".to_string()));
    }

    #[test]
    fn display_uses_fallbacks() {
        let b = RuleBody::parse("zh-hant:B;zh-hk:D");
        assert_eq!(b.display_for(ZhMO, ""), Some("D"));
        assert_eq!(b.display_for(ZhTW, ""), Some("B"));
        assert_eq!(b.display_for(ZhCN, ""), None);
        let b = RuleBody::parse("zh-hans:A;zh-my:E");
        assert_eq!(b.display_for(ZhSG, ""), Some("E"));
        assert_eq!(b.display_for(ZhCN, ""), Some("A"));
        let b = RuleBody::parse("zh:X;zh-tw:Y");
        assert_eq!(b.display_for(ZhCN, ""), None);
        assert_eq!(b.display_for(Zh, ""), Some("X"));
        let b = RuleBody::parse("X=>zh-cn:Y");
        assert_eq!(b.display_for(ZhCN, ""), Some("Y"));
        assert_eq!(b.display_for(ZhSG, ""), None);
        assert_eq!(RuleBody::default().display_for(ZhCN, "raw"), Some("raw"));
    }

    #[test]
    fn description() {
        let b = RuleBody::parse("zh-cn:XA; zh-tw:YA");
        assert_eq!(b.description(), "大陆：XA；臺灣：YA；");
        let b = RuleBody::parse("FOO=>zh-tw:BAR;FOO=>zh-cn:BAT");
        assert_eq!(b.description(), "FOO⇒臺灣：BAR；FOO⇒大陆：BAT；");
    }

    fn pairs(body: &str, v: Variant) -> Vec<(String, String)> {
        let mut p = RuleBody::parse(body).table_pairs(v, mediawiki_level);
        p.sort();
        p
    }

    fn p(list: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<_> = list
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn conversion_tables() {
        let body = "zh-cn:内存;zh-tw:記憶體";
        assert_eq!(
            pairs(body, ZhTW),
            p(&[("内存", "記憶體"), ("記憶體", "記憶體")])
        );
        assert_eq!(pairs(body, ZhHK), pairs(body, ZhTW));
        assert_eq!(pairs(body, ZhMO), pairs(body, ZhTW));
        assert_eq!(
            pairs(body, ZhCN),
            p(&[("内存", "内存"), ("記憶體", "内存")])
        );
        assert_eq!(pairs(body, ZhSG), pairs(body, ZhCN));
        assert_eq!(pairs(body, ZhMY), pairs(body, ZhCN));
        assert_eq!(pairs(body, ZhHans), []);
        assert_eq!(pairs(body, ZhHant), []);
        assert_eq!(pairs(body, Zh), []);
        // Script texts fill the regional ones.
        let body = "zh-hant:電電電;zh-hans:气气气";
        assert_eq!(
            pairs(body, ZhCN),
            p(&[("气气气", "气气气"), ("電電電", "气气气")])
        );
        // Unidirectional rules are not inherited.
        assert_eq!(
            pairs("電電電=>zh-cn:气气气", ZhCN),
            p(&[("電電電", "气气气")])
        );
        assert_eq!(pairs("電電電=>zh-cn:气气气", ZhSG), []);
        assert_eq!(pairs("電電電=>zh-cn:气气气", ZhHans), []);
        assert_eq!(
            pairs("電電電=>zh-hans:气气气", ZhHans),
            p(&[("電電電", "气气气")])
        );
        assert_eq!(pairs("電電電=>zh-hans:气气气", ZhCN), []);
        // Unidirectional beats bidirectional with the same key.
        assert_eq!(
            pairs("zh-cn:A;zh-tw:B;A=>zh-tw:C", ZhTW),
            p(&[("A", "C"), ("B", "B")])
        );
        // A fallback text "0" does not fill (PHP truthiness).
        assert_eq!(pairs("zh-tw:0;zh-cn:E", ZhCN), p(&[("0", "E"), ("E", "E")]));
        assert_eq!(pairs("zh-tw:0;zh-cn:E", ZhHK), []);
        // Fill-all body protects in bidirectional variants only.
        let all = RuleBody::all_variants("种");
        assert_eq!(
            all.table_pairs(ZhTW, mediawiki_level),
            [("种".to_string(), "种".to_string())]
        );
        assert!(all.table_pairs(ZhHant, mediawiki_level).is_empty());
    }
}
