//! Which editions of one page render alike: what a page's rules do in one edition, as far as
//! its rendering goes, so that an edition whose rules do exactly what another's do (with the
//! same OpenCC chain and output options) can take that edition's rendering instead of being
//! rendered again.
//!
//! A [`Signature`] lists, in the order the renderer meets them, the effects every rule source
//! has in one edition: each `-{ }-` block (nested blocks included, inner first, as the
//! evaluator reports them), each NoteTA title and numbered rule (evaluated exactly as the
//! renderer evaluates them), each NoteTA conversion group (the pairs of its layer for the
//! edition) and the spec's glossaries (the pairs of their layer). A block's effect is what it
//! shows, what it does to the table (action and pairs), and the title it sets.
//!
//! Invariant: two editions with the same converters (`same_config`), the same `keep_markup`
//! and `localize_quotes`, and [`Signature::renders_like`] signatures produce equal
//! [`crate::edition::Rendered`] values (text, title and warnings) for the page. It holds
//! because every other input of the renderer is the same for both:
//! - the tables are built by the same sequence of operations with the same keys and values,
//!   so the dictionaries see the same text with the same rules in force, and the title is
//!   converted with the same final tables;
//! - a block's display, action and title are those recorded (the renderer evaluates with the
//!   same function; a variant filter would convert text with the target variant's tables and
//!   chain, which the signature does not capture, so a page whose rules filter for a variant
//!   in either edition never renders alike);
//! - the only warning that names the edition ("has no text for zh-XX") comes from a block
//!   with no text for it, so a page with such a block never renders alike; the other
//!   warnings (an unknown conversion group) do not depend on the edition.
//!
//! A page under `__NOCC__` renders as its source in every edition ([`renders_as_source`]).

use std::ops::Range;
use std::sync::Arc;

use super::block::{Evaluated, Host, evaluate};
use super::body::{Action, mediawiki_level};
use super::layers;
use super::markup::parts_of;
use super::table::Layer;
use crate::document::{Document, Span};
use crate::edition::EditionSpec;
use crate::variant::Variant;

/// What a page's rules do in one edition (see the module documentation).
#[derive(Debug, Default)]
pub struct Signature {
    effects: Vec<Effect>,
    /// Some block filters for a variant or has no text for this edition: the edition never
    /// renders like another.
    unique: bool,
}

#[derive(Debug)]
enum Effect {
    Block {
        display: Option<String>,
        action: Action,
        pairs: Vec<(String, String)>,
        title: Option<Option<String>>,
    },
    /// A shared layer (a conversion group or the glossaries); `None`: no such group.
    Layer(Option<Arc<Layer>>),
}

impl PartialEq for Effect {
    fn eq(&self, other: &Effect) -> bool {
        match (self, other) {
            (
                Effect::Block {
                    display: d1,
                    action: a1,
                    pairs: p1,
                    title: t1,
                },
                Effect::Block {
                    display: d2,
                    action: a2,
                    pairs: p2,
                    title: t2,
                },
            ) => d1 == d2 && a1 == a2 && p1 == p2 && t1 == t2,
            (Effect::Layer(a), Effect::Layer(b)) => match (a, b) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a.same_pairs(b),
                _ => false,
            },
            _ => false,
        }
    }
}

impl Signature {
    /// True when an edition with this signature renders like one with `other` (given the same
    /// converters and output options).
    pub fn renders_like(&self, other: &Signature) -> bool {
        !self.unique && !other.unique && self.effects == other.effects
    }

    fn block(&mut self, v: Variant, e: &Evaluated) {
        if e.display.is_none() || (!e.flags.filter.is_empty() && e.flags.filter_target(v).is_some())
        {
            self.unique = true;
        }
        let pairs = if e.action == Action::None || e.rule.is_empty() {
            Vec::new()
        } else {
            e.rule.table_pairs(v, mediawiki_level)
        };
        self.effects.push(Effect::Block {
            display: e.display.clone(),
            action: e.action,
            pairs,
            title: e.title.clone(),
        });
    }
}

/// Records nested blocks' effects while a block is evaluated (filter text is never converted
/// here: a page with a filter for the edition is marked unique instead).
struct Recorder<'s> {
    variant: Variant,
    sig: &'s mut Signature,
}

impl Host for Recorder<'_> {
    fn variant(&self) -> Variant {
        self.variant
    }
    fn convert_filter(&mut self, text: &str, _to: Variant) -> String {
        text.to_string()
    }
    fn nested(&mut self, _range: Range<usize>, result: &Evaluated) {
        self.sig.block(self.variant, result);
    }
}

/// True when the page renders as its source in every edition (`__NOCC__`), whatever the
/// edition's chain and options.
pub fn renders_as_source(doc: &Document) -> bool {
    doc.meta.no_content_conversion
}

/// True when the page has no rule source (no `-{ }-` block, no NoteTA): then editions with
/// the same converters and options and no glossaries render alike without a signature.
pub fn has_page_rules(doc: &Document) -> bool {
    doc.spans
        .iter()
        .any(|s| matches!(s, Span::Markup(_) | Span::NoteTA(_)))
}

/// True when two specs convert and write text the same way (converters and output options);
/// their editions of a page render alike when their signatures do too.
pub fn same_conversion(a: &EditionSpec, b: &EditionSpec) -> bool {
    a.keep_markup == b.keep_markup
        && a.localize_quotes == b.localize_quotes
        && a.converters.len() == b.converters.len()
        && a.converters
            .iter()
            .zip(&b.converters)
            .all(|(x, y)| x.same_config(y))
}

/// The signature of `spec`'s edition of the page `doc` parsed from `source`.
pub fn signature(source: &str, doc: &Document, spec: &EditionSpec) -> Signature {
    let v = spec.variant;
    let mut sig = Signature::default();
    if let Some(layer) = layers::glossary_layer(&spec.glossaries, v) {
        sig.effects.push(Effect::Layer(Some(layer)));
    }
    for span in &doc.spans {
        match span {
            Span::Markup(m) if !m.body.is_empty() => {
                let e = evaluate(
                    &mut Recorder {
                        variant: v,
                        sig: &mut sig,
                    },
                    source,
                    &m.body,
                    "",
                    1,
                );
                sig.block(v, &e);
            }
            Span::NoteTA(n) => {
                if let Some(r) = &n.title {
                    let parts = parts_of(source, r.clone());
                    let e = evaluate(
                        &mut Recorder {
                            variant: v,
                            sig: &mut sig,
                        },
                        source,
                        &parts,
                        "T|",
                        1,
                    );
                    sig.block(v, &e);
                }
                for g in &n.groups {
                    let Some(name) = source.get(g.clone()).map(str::trim) else {
                        continue;
                    };
                    if !name.is_empty() {
                        let layer = layers::group_layer(&spec.cgroups, name, v);
                        sig.effects.push(Effect::Layer(layer));
                    }
                }
                for r in &n.rules {
                    let parts = parts_of(source, r.clone());
                    let e = evaluate(
                        &mut Recorder {
                            variant: v,
                            sig: &mut sig,
                        },
                        source,
                        &parts,
                        "H|",
                        1,
                    );
                    sig.block(v, &e);
                }
            }
            _ => {}
        }
    }
    sig
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::edition::render;
    use crate::markup::parse;

    fn sigs(text: &str) -> Vec<Signature> {
        let doc = parse(text, Format::Wikitext);
        Variant::EDITIONS
            .iter()
            .map(|v| signature(text, &doc, &EditionSpec::new(*v)))
            .collect()
    }

    fn idx(v: Variant) -> usize {
        Variant::EDITIONS.iter().position(|x| *x == v).unwrap()
    }

    #[test]
    fn rules_that_name_no_regional_variant_treat_sg_like_cn() {
        use Variant::*;
        let s = sigs("-{H|zh-hans:内存;zh-hant:記憶體;}-内存与{{NoteTA|1=zh-cn:软件;zh-tw:軟體;}}");
        assert!(s[idx(ZhSG)].renders_like(&s[idx(ZhCN)]));
        assert!(s[idx(ZhMY)].renders_like(&s[idx(ZhCN)]));
        let s = sigs("-{zh-cn:软件;zh-sg:软体;zh-tw:軟體;}-");
        assert!(!s[idx(ZhSG)].renders_like(&s[idx(ZhCN)]));
        // zh-my falls back to zh-sg.
        assert!(s[idx(ZhMY)].renders_like(&s[idx(ZhSG)]));
        assert!(!s[idx(ZhMY)].renders_like(&s[idx(ZhCN)]));
        // No text for an edition: its warning names it.
        let s = sigs("-{zh-tw:軟體;}-");
        assert!(!s[idx(ZhSG)].renders_like(&s[idx(ZhCN)]));
        // A variant filter converts with another variant's tables.
        let s = sigs("-{zh-hans;zh-hant|软件}-");
        assert!(!s[idx(ZhSG)].renders_like(&s[idx(ZhCN)]));
        // A title rule per region.
        let s = sigs("-{T|zh-cn:甲;zh-sg:乙;}-");
        assert!(!s[idx(ZhSG)].renders_like(&s[idx(ZhCN)]));
        let s = sigs("{{NoteTA|T=zh-cn:甲;zh-my:乙;}}");
        assert!(!s[idx(ZhMY)].renders_like(&s[idx(ZhCN)]));
        // zh-sg falls back to zh-my first.
        assert!(s[idx(ZhSG)].renders_like(&s[idx(ZhMY)]));
    }

    /// Wherever two editions' signatures and conversions agree, their renderings are equal.
    #[test]
    fn alike_signatures_render_alike() {
        let samples = [
            "-{H|zh-hans:内存;zh-hant:記憶體;}-内存与软件",
            "{{NoteTA|T=zh-cn:标题;zh-tw:標題;|1=zh-cn:软件;zh-tw:軟體;zh-hk:軟件;|G1=IT}}软件",
            "-{A|zh-cn:打印机;zh-hk:打印機;zh-tw:印表機;}-打印机，-{zh-cn:鼠标;zh-tw:滑鼠;}-",
            "-{-|zh-cn:内存;zh-tw:記憶體;}-内存 -{R|原文}- -{}- -{D|zh-cn:a;zh-tw:b}-",
            "-{H|zh-cn:-{甲}-;zh-tw:乙;}-甲乙",
        ];
        let specs: Vec<EditionSpec> = Variant::EDITIONS
            .iter()
            .map(|v| EditionSpec::new(*v))
            .collect();
        let mut shared = 0;
        for text in samples {
            let doc = parse(text, Format::Wikitext);
            let sigs: Vec<Signature> = specs.iter().map(|s| signature(text, &doc, s)).collect();
            let renders: Vec<_> = specs
                .iter()
                .map(|s| render(text, &doc, Some("标题"), s))
                .collect();
            for i in 0..specs.len() {
                for j in 0..i {
                    if same_conversion(&specs[i], &specs[j]) && sigs[i].renders_like(&sigs[j]) {
                        assert_eq!(renders[i], renders[j], "{text}");
                        shared += 1;
                    }
                }
            }
        }
        assert!(shared >= 10, "{shared}");
    }
}
