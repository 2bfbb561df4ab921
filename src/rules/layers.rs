//! Shared rule layers: a spec's glossaries and each conversion group, turned into a
//! [`Layer`] once per variant and cached for the life of the process, so rendering an article
//! that names `{{NoteTA|G1=IT}}` costs a cache lookup, not 1,600 rule parses.
//!
//! Caches are keyed by the identity of the `Arc` holding the glossary or group set and hold
//! only weak references to it: a dropped glossary's layers are rebuilt if an equal-looking one
//! is loaded at the same address, and dead entries are pruned as new ones arrive.
//!
//! # Glossary semantics
//! An entry with forms behaves like `-{H|zh-cn:…;zh-tw:…}-` (same fallback chains), with
//! one house decision for the script editions: MediaWiki gives zh-Hans and zh-Hant no
//! bidirectional rules, but a glossary form written for `zh-hans` (or `zh-hant`) applies
//! there — every other form of the entry then maps to it. An entry without such a form does
//! not touch the script edition (its regional vocabulary is not the script edition's
//! business). A `keep:` word maps to itself in every edition, zh-Hans and zh-Hant included.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, Weak};

use super::block::{Inert, evaluate};
use super::body::{Action, Level, RuleBody, mediawiki_level};
use super::markup::parts_of;
use super::table::{Layer, RuleSource};
use super::{CGroup, CGroups, Glossary, GlossaryEntry, RuleOrigin};
use crate::variant::Variant;

/// The pairs one glossary entry puts into `v`'s table.
pub fn glossary_pairs(entry: &GlossaryEntry, v: Variant) -> Vec<(String, String)> {
    if let Some(word) = &entry.keep {
        return if word.is_empty() {
            Vec::new()
        } else {
            vec![(word.clone(), word.clone())]
        };
    }
    let mut body = RuleBody::default();
    for (var, form) in &entry.forms {
        if form.is_empty() {
            continue;
        }
        match body.bid.iter_mut().find(|(x, _)| x == var) {
            Some(slot) => slot.1 = form.clone(),
            None => body.bid.push((*var, form.clone())),
        }
    }
    let explicit = body.bid_text(v).is_some();
    body.table_pairs(v, |x| match mediawiki_level(x) {
        Level::Unidirectional if explicit => Level::Bidirectional,
        l => l,
    })
}

/// Builds the layer of a spec's glossaries for `v` (later entries and files win).
pub fn build_glossary_layer(glossaries: &[Arc<Glossary>], v: Variant) -> Layer {
    let mut layer = Layer::new();
    for g in glossaries {
        for entry in &g.entries {
            let pairs = glossary_pairs(entry, v);
            if pairs.is_empty() {
                continue;
            }
            let origin = Arc::new(RuleOrigin::Glossary {
                file: g.file.clone(),
                line: entry.line,
            });
            for (k, val) in pairs {
                layer.set(&k, Some(&val), RuleSource::Listed(origin.clone()));
            }
        }
    }
    layer.finish()
}

/// Builds the layer of one conversion group for `v`: each rule as `-{H|rule}-`.
pub fn build_group_layer(group: &CGroup, v: Variant) -> Layer {
    let mut layer = Layer::new();
    for (index, rule) in group.rules.iter().enumerate() {
        let parts = parts_of(&rule.body, 0..rule.body.len());
        let result = evaluate(&mut Inert(v), &rule.body, &parts, "H|", 1);
        if result.action != Action::Add {
            continue;
        }
        let pairs = result.rule.table_pairs(v, mediawiki_level);
        if pairs.is_empty() {
            continue;
        }
        let origin = Arc::new(RuleOrigin::CGroup {
            group: group.name.clone(),
            index,
            line: rule.line,
        });
        for (k, val) in pairs {
            layer.set(&k, Some(&val), RuleSource::Listed(origin.clone()));
        }
    }
    layer.finish()
}

type GlossaryCache = Vec<(Vec<Weak<Glossary>>, Variant, Arc<Layer>)>;
type GroupCache = HashMap<(usize, String, Variant), (Weak<CGroups>, Arc<Layer>)>;

static GLOSSARIES: LazyLock<Mutex<GlossaryCache>> = LazyLock::new(|| Mutex::new(Vec::new()));
static GROUPS: LazyLock<Mutex<GroupCache>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The cached layer of `glossaries` for `v`; `None` when they have no entries.
pub fn glossary_layer(glossaries: &[Arc<Glossary>], v: Variant) -> Option<Arc<Layer>> {
    if glossaries.iter().all(|g| g.entries.is_empty()) {
        return None;
    }
    let same = |weak: &[Weak<Glossary>]| {
        weak.len() == glossaries.len()
            && weak
                .iter()
                .zip(glossaries)
                .all(|(w, a)| w.upgrade().is_some_and(|live| Arc::ptr_eq(&live, a)))
    };
    if let Ok(cache) = GLOSSARIES.lock()
        && let Some((_, _, layer)) = cache.iter().find(|(w, var, _)| *var == v && same(w))
    {
        return Some(layer.clone());
    }
    let layer = Arc::new(build_glossary_layer(glossaries, v));
    if let Ok(mut cache) = GLOSSARIES.lock() {
        cache.retain(|(w, _, _)| w.iter().all(|x| x.strong_count() > 0));
        cache.push((
            glossaries.iter().map(Arc::downgrade).collect(),
            v,
            layer.clone(),
        ));
    }
    Some(layer)
}

/// The cached layer of the group NoteTA calls `name` for `v`; `None` if no file defines it.
pub fn group_layer(groups: &Arc<CGroups>, name: &str, v: Variant) -> Option<Arc<Layer>> {
    let group = groups.find(name)?;
    let key = (Arc::as_ptr(groups) as usize, group.name.clone(), v);
    if let Ok(cache) = GROUPS.lock()
        && let Some((weak, layer)) = cache.get(&key)
        && weak
            .upgrade()
            .is_some_and(|live| Arc::ptr_eq(&live, groups))
    {
        return Some(layer.clone());
    }
    let layer = Arc::new(build_group_layer(group, v));
    if let Ok(mut cache) = GROUPS.lock() {
        if cache.len() >= 4096 {
            cache.retain(|_, (w, _)| w.strong_count() > 0);
        }
        cache.insert(key, (Arc::downgrade(groups), layer.clone()));
    }
    Some(layer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::CGroupRule;
    use Variant::*;

    fn entry(forms: &[(Variant, &str)]) -> GlossaryEntry {
        GlossaryEntry {
            line: 3,
            forms: forms.iter().map(|(v, f)| (*v, f.to_string())).collect(),
            keep: None,
            note: None,
        }
    }

    fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
        v.sort();
        v
    }

    #[test]
    fn glossary_forms_follow_fallbacks() {
        let e = entry(&[(ZhCN, "软件"), (ZhTW, "軟體"), (ZhHK, "軟件")]);
        assert_eq!(
            sorted(glossary_pairs(&e, ZhMO)),
            sorted(vec![
                ("软件".into(), "軟件".into()),
                ("軟體".into(), "軟件".into()),
                ("軟件".into(), "軟件".into())
            ])
        );
        assert_eq!(glossary_pairs(&e, ZhHant), []);
        assert_eq!(glossary_pairs(&e, ZhHans), []);
        // An explicit script form applies to the script edition.
        let e = entry(&[(ZhHans, "内存"), (ZhHant, "記憶體")]);
        assert_eq!(
            sorted(glossary_pairs(&e, ZhHant)),
            sorted(vec![
                ("内存".into(), "記憶體".into()),
                ("記憶體".into(), "記憶體".into())
            ])
        );
        let keep = GlossaryEntry {
            keep: Some("乾隆".into()),
            ..entry(&[])
        };
        for v in Variant::EDITIONS {
            assert_eq!(
                glossary_pairs(&keep, v),
                [("乾隆".to_string(), "乾隆".to_string())]
            );
        }
    }

    #[test]
    fn layers_are_cached_per_arc() {
        let g = Arc::new(Glossary {
            file: "g.yaml".into(),
            entries: vec![entry(&[(ZhCN, "软件"), (ZhTW, "軟體")])],
        });
        let a = glossary_layer(std::slice::from_ref(&g), ZhTW).unwrap();
        let b = glossary_layer(std::slice::from_ref(&g), ZhTW).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(a.get("软件").unwrap().value.as_deref(), Some("軟體"));
        assert_eq!(
            a.get("软件").unwrap().source,
            RuleSource::Listed(Arc::new(RuleOrigin::Glossary {
                file: "g.yaml".into(),
                line: 3
            }))
        );
        let empty = Arc::new(Glossary::default());
        assert!(glossary_layer(&[empty], ZhTW).is_none());

        let mut groups = CGroups::default();
        groups.groups.insert(
            "IT".into(),
            CGroup {
                name: "IT".into(),
                file: "it.yaml".into(),
                rules: vec![
                    CGroupRule {
                        body: "zh-cn:内存;zh-tw:記憶體;".into(),
                        line: 4,
                    },
                    CGroupRule {
                        body: "zh-cn:-{软件}-;zh-tw:軟體".into(),
                        line: 5,
                    },
                ],
            },
        );
        let groups = Arc::new(groups);
        let l = group_layer(&groups, "iT", ZhTW).unwrap();
        assert!(Arc::ptr_eq(&l, &group_layer(&groups, "IT", ZhTW).unwrap()));
        assert_eq!(l.get("内存").unwrap().value.as_deref(), Some("記憶體"));
        assert_eq!(l.get("软件").unwrap().value.as_deref(), Some("軟體"));
        assert_eq!(
            l.get("软件").unwrap().source,
            RuleSource::Listed(Arc::new(RuleOrigin::CGroup {
                group: "IT".into(),
                index: 1,
                line: 5
            }))
        );
        assert!(group_layer(&groups, "IT", ZhHant).unwrap().is_empty());
        assert!(group_layer(&groups, "Nope", ZhTW).is_none());
    }
}
