//! Evaluating one `-{ … }-` block for one variant, MediaWiki's way: nested blocks first
//! (depth first, their effects applied as they are met), their display text spliced into the
//! outer body, then the outer body parsed ([`super::body`]).
//!
//! The evaluator is independent of where the body comes from (an article, a NoteTA value, a
//! conversion group entry) and of what happens to the effects: a [`Host`] receives every
//! nested block's result and converts variant-filter text. The caller applies the outer
//! block's own [`Evaluated`] result.
//!
//! Nesting deeper than [`MAX_DEPTH`] is not evaluated: the nested block is spliced as its
//! source text, as MediaWiki leaves `-{` literal past its limit. A nested block that has no
//! text for the variant (MediaWiki's error span) takes part in parsing as an opaque
//! placeholder, like MediaWiki's span, and its source text replaces the placeholder in the
//! result (so the edition shows the markup as written).

use std::ops::Range;

use super::body::{Action, Flag, Flags, RuleBody, split_flags};
use super::codes::{self, php_trim};
use super::markup::{MAX_DEPTH, MarkupPart};
use crate::variant::Variant;

/// The result of evaluating a block for a variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluated {
    /// The text shown in place of the block; `None` where MediaWiki shows its
    /// `converter-manual-rule-error` span (no text for this variant).
    pub display: Option<String>,
    /// What the block does to the tables.
    pub action: Action,
    /// The parsed variant list (the pairs come from [`RuleBody::table_pairs`]).
    pub rule: RuleBody,
    /// `Some` if the block has the `T` flag: the title it sets for this variant (`None` inside
    /// when it has no text for the variant, so the title is left alone).
    pub title: Option<Option<String>>,
    /// The normalised flags.
    pub flags: Flags,
}

impl Evaluated {
    /// True if the block changes tables or the title (what `keep_markup` must preserve).
    pub fn has_effects(&self) -> bool {
        self.action != Action::None || self.title.is_some()
    }
}

/// Receives nested effects and performs variant-filter conversion.
pub trait Host {
    /// The variant being rendered.
    fn variant(&self) -> Variant;
    /// Converts the text of a filter block `-{zh-hans;zh-hant|…}-` to `to`, with `to`'s
    /// tables as they stand.
    fn convert_filter(&mut self, text: &str, to: Variant) -> String;
    /// A nested block at `range` (of the base text) was evaluated: apply its effects.
    fn nested(&mut self, range: Range<usize>, result: &Evaluated);
}

/// A host that ignores effects and leaves filter text unconverted (for cached layers).
pub struct Inert(pub Variant);

impl Host for Inert {
    fn variant(&self) -> Variant {
        self.0
    }
    fn convert_filter(&mut self, text: &str, _to: Variant) -> String {
        text.to_string()
    }
    fn nested(&mut self, _range: Range<usize>, _result: &Evaluated) {}
}

/// Evaluates the block whose body is `parts` (ranges into `base`). `prefix` is prepended to
/// the body text (`"H|"` for NoteTA and group rules, `"T|"` for a NoteTA title). `depth` is
/// the block's own nesting depth (1 for a top-level block).
pub fn evaluate<H: Host>(
    host: &mut H,
    base: &str,
    parts: &[MarkupPart],
    prefix: &str,
    depth: usize,
) -> Evaluated {
    let mut body = String::from(prefix);
    let mut errors: Vec<&str> = Vec::new();
    for part in parts {
        match part {
            MarkupPart::Text(r) => body.push_str(base.get(r.clone()).unwrap_or("")),
            MarkupPart::Nested(m) => {
                let raw = base.get(m.range.clone()).unwrap_or("");
                if depth >= MAX_DEPTH {
                    body.push_str(raw);
                    continue;
                }
                let inner = evaluate(host, base, &m.body, "", depth + 1);
                host.nested(m.range.clone(), &inner);
                match &inner.display {
                    Some(d) => body.push_str(d),
                    None => {
                        // Spliced as an opaque placeholder (MediaWiki splices its error
                        // span, which holds no rule syntax), restored to the source after.
                        body.push(PLACEHOLDER_OPEN);
                        body.push_str(&errors.len().to_string());
                        body.push(PLACEHOLDER_CLOSE);
                        errors.push(raw);
                    }
                }
            }
        }
    }
    let mut result = evaluate_text(host, &body);
    if !errors.is_empty() {
        restore_errors(&mut result, &errors);
    }
    result
}

/// Noncharacters delimiting the index of a nested error block in a body.
const PLACEHOLDER_OPEN: char = '\u{FDD0}';
const PLACEHOLDER_CLOSE: char = '\u{FDD1}';

/// Puts the source of nested error blocks back wherever their placeholders ended up.
fn restore_errors(result: &mut Evaluated, errors: &[&str]) {
    let fix = |s: &mut String| {
        if !s.contains(PLACEHOLDER_OPEN) {
            return;
        }
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_str();
        while let Some(p) = rest.find(PLACEHOLDER_OPEN) {
            out.push_str(&rest[..p]);
            let after = &rest[p + PLACEHOLDER_OPEN.len_utf8()..];
            let close = after.find(PLACEHOLDER_CLOSE);
            let idx = close.and_then(|c| after[..c].parse::<usize>().ok());
            match (close, idx.and_then(|i| errors.get(i))) {
                (Some(c), Some(raw)) => {
                    out.push_str(raw);
                    rest = &after[c + PLACEHOLDER_CLOSE.len_utf8()..];
                }
                _ => {
                    out.push(PLACEHOLDER_OPEN);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        *s = out;
    };
    if let Some(d) = &mut result.display {
        fix(d);
    }
    if let Some(Some(t)) = &mut result.title {
        fix(t);
    }
    for (_, t) in &mut result.rule.bid {
        fix(t);
    }
    for (_, list) in &mut result.rule.unid {
        for (f, t) in list {
            fix(f);
            fix(t);
        }
    }
}

/// Evaluates a body whose nested blocks have already been replaced by their display text.
pub fn evaluate_text<H: Host>(host: &mut H, body: &str) -> Evaluated {
    let variant = host.variant();
    let (flag_text, rules_text) = split_flags(body);
    let mut flags = Flags::parse(flag_text);
    let mut text: std::borrow::Cow<'_, str> = rules_text.into();
    if !flags.filter.is_empty() {
        if let Some(to) = flags.filter_target(variant) {
            text = host.convert_filter(rules_text, to).into();
        }
        flags.list = vec![Flag::R];
    }
    let mut rule = RuleBody::default();
    if !flags.has(Flag::R) && !flags.has(Flag::N) {
        if text.contains("=&gt;") {
            text = text.replace("=&gt;", "=>").into();
        }
        rule = RuleBody::parse(&text);
    }
    if rule.is_empty() {
        if flags.has(Flag::Add) || flags.has(Flag::Remove) {
            if !text.is_empty() {
                rule = RuleBody::all_variants(&text);
            }
        } else if !flags.has(Flag::N) && !flags.has(Flag::T) {
            flags.list = vec![Flag::R];
        }
    }
    let mut display: Option<String> = None;
    let mut action = Action::None;
    let mut title = None;
    for flag in &flags.list {
        match flag {
            Flag::R => display = Some(text.to_string()),
            Flag::N => {
                let code = php_trim(&text);
                display = Some(match codes::validate(code) {
                    Some(v) => codes::mediawiki_name(v).to_string(),
                    None => code.to_string(),
                });
            }
            Flag::D => display = Some(rule.description()),
            Flag::H => display = Some(String::new()),
            Flag::Remove => {
                action = Action::Remove;
                display = Some(String::new());
            }
            Flag::Add => {
                action = Action::Add;
                display = Some(String::new());
            }
            Flag::Show => display = rule.display_for(variant, &text).map(str::to_string),
            Flag::T => {
                title = Some(rule.display_for(variant, &text).map(str::to_string));
                display = Some(String::new());
            }
            Flag::A | Flag::Variant(_) => {}
        }
    }
    Evaluated {
        display,
        action,
        rule,
        title,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::markup::scan;
    use Variant::*;

    fn eval(src: &str, v: Variant) -> Evaluated {
        let m = scan(src, 0).expect("a closed block");
        evaluate(&mut Inert(v), src, &m.body, "", 1)
    }

    fn show(src: &str, v: Variant) -> Option<String> {
        eval(src, v).display
    }

    #[test]
    fn displays() {
        assert_eq!(show("-{文字}-", ZhTW).as_deref(), Some("文字"));
        assert_eq!(
            show("-{R|zh:China;zh-tw:Taiwan}-", ZhTW).as_deref(),
            Some("zh:China;zh-tw:Taiwan")
        );
        assert_eq!(
            show("-{zh:China;zh-tw:Taiwan}-", ZhTW).as_deref(),
            Some("Taiwan")
        );
        assert_eq!(show("-{zh:China;zh-tw:Taiwan}-", ZhCN), None);
        assert_eq!(show("-{H|zh-cn:a;zh-tw:b}-", ZhTW).as_deref(), Some(""));
        assert_eq!(show("-{A|zh-cn:a;zh-tw:b}-", ZhTW).as_deref(), Some("b"));
        assert_eq!(show("-{A|zh-tw:b}-", ZhCN), None);
        assert_eq!(
            show("-{A;D|zh-cn:XB; zh-tw:YB}-", ZhTW).as_deref(),
            Some("")
        );
        assert_eq!(
            show("-{D;H|zh-cn:XC; zh-tw:YC}-", ZhTW).as_deref(),
            Some("大陆：XC；臺灣：YC；")
        );
        assert_eq!(
            show("-{D|0=>zh-tw:1}-", ZhTW).as_deref(),
            Some("0⇒臺灣：1；")
        );
        assert_eq!(show("-{N|zh-tw}-", ZhCN).as_deref(), Some("臺灣"));
        assert_eq!(show("-{N|zh}-", ZhCN).as_deref(), Some("原文"));
        assert_eq!(show("-{D;N|en}-", ZhCN).as_deref(), Some("en"));
        assert_eq!(show("-{D;R|options}-", ZhCN).as_deref(), Some("options"));
        assert_eq!(show("-{|a test}-", ZhTW).as_deref(), Some("a test"));
        assert_eq!(show("-{R|R|R}-", ZhTW).as_deref(), Some("R|R"));
        assert_eq!(
            show("-{http://example.org}-", ZhTW).as_deref(),
            Some("http://example.org")
        );
        assert_eq!(show("-{R|=&gt;}-", ZhTW).as_deref(), Some("=&gt;"));
        assert_eq!(show("-{T|zh-cn:a;zh-tw:b}-", ZhTW).as_deref(), Some(""));
        assert_eq!(show("-{}-", ZhTW).as_deref(), Some(""));
        assert_eq!(
            show("-{zh-tw:* foo;\nzh-cn:* bar}-", ZhTW).as_deref(),
            Some("* foo")
        );
    }

    #[test]
    fn effects() {
        let e = eval("-{H|zh-cn:a;zh-tw:b}-", ZhTW);
        assert_eq!(e.action, Action::Add);
        assert!(e.title.is_none());
        let e = eval("-{-|zh-cn:a;zh-tw:b}-", ZhTW);
        assert_eq!(e.action, Action::Remove);
        let e = eval("-{T|zh-cn:a;zh-tw:b}-", ZhTW);
        assert_eq!(e.action, Action::None);
        assert_eq!(e.title, Some(Some("b".to_string())));
        let e = eval("-{T|zh-cn:a}-", ZhTW);
        assert_eq!(e.title, Some(None));
        let e = eval("-{T|Taiwan is China}-", ZhTW);
        assert_eq!(e.title, Some(Some("Taiwan is China".to_string())));
        let e = eval("-{H;T|zh-cn:a;zh-tw:b}-", ZhTW);
        assert_eq!(e.action, Action::Add);
        assert_eq!(e.title, Some(Some("b".to_string())));
        // H|word with no colon fills every variant.
        let e = eval("-{H|种}-", ZhTW);
        assert_eq!(e.rule, RuleBody::all_variants("种"));
        // H with an empty body adds nothing.
        let e = eval("-{H|}-", ZhTW);
        assert!(e.rule.is_empty());
        assert_eq!(e.action, Action::Add);
        // A plain block has no effect.
        assert!(!eval("-{文字}-", ZhTW).has_effects());
    }

    #[test]
    fn nesting_is_inner_first() {
        let src = "-{zh-hans:Hi -{zh-cn:China;zh-sg:Singapore;}-;zh-hant:Hello -{zh-tw:Taiwan;zh-hk:H-{ong}- K-{}-ong;}-;}-";
        assert_eq!(show(src, ZhHK).as_deref(), Some("Hello Hong Kong"));
        assert_eq!(show(src, ZhCN).as_deref(), Some("Hi China"));
        assert_eq!(show(src, ZhSG).as_deref(), Some("Hi Singapore"));
        assert_eq!(
            show("-{R|nested -{zh:China;zh-tw:Taiwan}- nested}-", ZhTW).as_deref(),
            Some("nested Taiwan nested")
        );
        assert_eq!(
            show("-{ outer -{ inner }- outer }-", ZhTW).as_deref(),
            Some(" outer  inner  outer ")
        );
        // A nested error keeps the inner source.
        assert_eq!(
            show("-{R|a -{zh-tw:b}- c}-", ZhCN).as_deref(),
            Some("a -{zh-tw:b}- c")
        );
    }

    #[test]
    fn filters_convert_through_the_host() {
        struct Upper(Variant, Vec<Variant>);
        impl Host for Upper {
            fn variant(&self) -> Variant {
                self.0
            }
            fn convert_filter(&mut self, text: &str, to: Variant) -> String {
                self.1.push(to);
                text.to_uppercase()
            }
            fn nested(&mut self, _: Range<usize>, _: &Evaluated) {}
        }
        let src = "-{zh;zh-hans;zh-hant|blog}-";
        let m = scan(src, 0).unwrap();
        let mut h = Upper(ZhTW, vec![]);
        let e = evaluate(&mut h, src, &m.body, "", 1);
        assert_eq!(e.display.as_deref(), Some("BLOG"));
        assert_eq!(h.1, [ZhHant]);
        let mut h = Upper(ZhCN, vec![]);
        let src = "-{zh-tw|blog}-";
        let m = scan(src, 0).unwrap();
        let e = evaluate(&mut h, src, &m.body, "", 1);
        assert_eq!(e.display.as_deref(), Some("blog"));
        assert!(h.1.is_empty());
    }

    #[test]
    fn too_deep_is_literal() {
        // Hand-built depth: evaluate a depth-10 block whose child would be depth 11.
        let src = "-{a-{b}-c}-";
        let m = scan(src, 0).unwrap();
        let e = evaluate(&mut Inert(ZhTW), src, &m.body, "", MAX_DEPTH);
        assert_eq!(e.display.as_deref(), Some("a-{b}-c"));
    }
}
