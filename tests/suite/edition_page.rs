//! Page-level behaviour: NoteTA and conversion groups, glossaries, titles and page switches,
//! link labels, provenance pieces, the identity invariant. Rule-only (no converters), so
//! these hold whatever the engine does.

use crate::helpers::common;

use common::*;
use tongwen::Variant;
use tongwen::document::{DocMeta, Document, Span};
use tongwen::edition::{EditionSpec, Origin, render, render_identity, render_traced};
use tongwen::rules::{Glossary, GlossaryEntry, RuleOrigin};

const IT_GROUP: &str = "name: IT\nrules:\n  - zh-cn:内存; zh-tw:記憶體; zh-hk:記憶體;\n  - zh-cn:软件; zh-tw:軟體; zh-hk:軟件;\n  - 存取=>zh-cn:访问;\n";

fn it_spec(v: Variant) -> EditionSpec {
    with_groups(bare(v), &[("it.yaml", IT_GROUP)])
}

#[test]
fn note_ta_rules_apply_from_its_position() {
    let src = "内存 {{NoteTA|G1=IT|1=zh-cn:硬盘;zh-tw:硬碟;|2=种}}内存、软件、硬盘、存取、种";
    let tpl = "{{NoteTA|G1=IT|1=zh-cn:硬盘;zh-tw:硬碟;|2=种}}";
    let cases: [(Variant, &str); 5] = [
        (ZhTW, "記憶體、軟體、硬碟、存取、种"),
        (ZhHK, "記憶體、軟件、硬碟、存取、种"),
        (ZhMO, "記憶體、軟件、硬碟、存取、种"),
        (ZhCN, "内存、软件、硬盘、访问、种"),
        (ZhSG, "内存、软件、硬盘、存取、种"),
    ];
    for (v, body) in cases {
        let r = run(src, &it_spec(v));
        assert_eq!(r.text, format!("内存 {tpl}{body}"), "{v}");
        assert!(r.warnings.is_empty(), "{v}: {:?}", r.warnings);
    }
    // Script editions take no bidirectional rule.
    let r = run(src, &it_spec(ZhHant));
    assert_eq!(r.text, src);
}

#[test]
fn local_note_ta_rules_override_its_groups() {
    let src = "{{NoteTA|G1=IT|1=zh-cn:软件;zh-tw:軟件程式;}}软件";
    let r = run(src, &it_spec(ZhTW));
    assert!(r.text.ends_with("}}軟件程式"), "{}", r.text);
}

#[test]
fn rules_before_a_group_are_overridden_by_it() {
    // A page rule set before the NoteTA, then the group redefines the key: later wins.
    let src = "-{H|zh-cn:内存;zh-tw:RAM}-{{NoteTA|G1=IT}}内存";
    let r = run(src, &it_spec(ZhTW));
    assert!(r.text.ends_with("}}記憶體"), "{}", r.text);
    // And a page rule after the group overrides the group.
    let src = "{{NoteTA|G1=IT}}-{H|zh-cn:内存;zh-tw:RAM}-内存";
    assert!(run(src, &it_spec(ZhTW)).text.ends_with("RAM"));
}

#[test]
fn missing_group_is_a_warning() {
    let src = "{{NoteTA\n|G1=IT\n|G2=Nowhere\n}}内存";
    let r = run(src, &it_spec(ZhTW));
    assert!(r.text.ends_with("}}記憶體"));
    assert_eq!(
        r.warnings,
        [
            "3:5: NoteTA names conversion group `Nowhere`, which no CGroup file defines; its rules are not applied"
        ]
    );
}

#[test]
fn note_ta_title() {
    let src = "{{NoteTA|T=zh-cn:雷霆;zh-tw:雷光;}}正文";
    let r = render(src, &doc(src), Some("雷霆"), &bare(ZhTW));
    assert_eq!(r.title.as_deref(), Some("雷光"));
    let r = render(src, &doc(src), Some("雷霆"), &bare(ZhCN));
    assert_eq!(r.title.as_deref(), Some("雷霆"));
    // zh-hk takes the zh-tw text through its fallbacks.
    let r = render(src, &doc(src), Some("雷霆"), &bare(ZhHK));
    assert_eq!(r.title.as_deref(), Some("雷光"));
    // No text for the edition: the title rule does not apply, the title is converted.
    let src = "{{NoteTA|T=zh-tw:雷光;}}正文";
    let r = render(src, &doc(src), Some("雷霆"), &bare(ZhCN));
    assert_eq!(r.title.as_deref(), Some("雷霆"));
}

#[test]
fn titles() {
    let title_of = |src: &str, meta: DocMeta, title: Option<&str>, v: Variant| {
        let mut d = doc(src);
        d.meta = meta;
        render(src, &d, title, &bare(v)).title
    };
    // -{T|…}-: last one wins, shows nothing.
    let src = "a-{T|zh-cn:一;zh-tw:壹}-b-{T|zh-cn:二;zh-tw:貳}-c";
    assert_eq!(
        title_of(src, DocMeta::default(), Some("源"), ZhTW).as_deref(),
        Some("貳")
    );
    assert_eq!(bare_text(src, ZhTW), "abc");
    // T with no variants: the text itself, even with no source title.
    assert_eq!(
        title_of("-{T|固定标题}-", DocMeta::default(), None, ZhTW).as_deref(),
        Some("固定标题")
    );
    // Later H rules do not change a T title.
    let src = "-{T|zh-cn:中;zh-tw:台}-x-{H|zh-cn:京;zh-tw:北}-";
    assert_eq!(
        title_of(src, DocMeta::default(), Some("t"), ZhTW).as_deref(),
        Some("台")
    );
    // Without a T rule: the title converted with the tables at the END of the page.
    let src = "文-{H|zh-cn:标题;zh-tw:標題}-";
    assert_eq!(
        title_of(src, DocMeta::default(), Some("标题"), ZhTW).as_deref(),
        Some("標題")
    );
    assert_eq!(title_of(src, DocMeta::default(), None, ZhTW), None);
    // DISPLAYTITLE wins over T and is not converted.
    let src = "{{DISPLAYTITLE:-{zh-cn:甲;zh-tw:乙}-}}-{T|zh-cn:一;zh-tw:壹}-";
    let dt_start = "{{DISPLAYTITLE:".len();
    let dt_end = src.find("}}").unwrap();
    let t_start = dt_end + 2;
    let d = Document {
        spans: vec![
            Span::Keep(0..t_start),
            Span::Markup(Box::new(
                tongwen::rules::markup::scan(src, t_start).unwrap(),
            )),
        ],
        meta: DocMeta {
            display_title: Some(dt_start..dt_end),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(d.check_tiling(src), Ok(()));
    assert_eq!(
        render(src, &d, Some("源"), &bare(ZhTW)).title.as_deref(),
        Some("-{zh-cn:甲;zh-tw:乙}-")
    );
    // … also under NOCC and NOTC.
    let mut nocc = d.clone();
    nocc.meta.no_content_conversion = true;
    assert_eq!(
        render(src, &nocc, Some("源"), &bare(ZhTW)).title.as_deref(),
        Some("-{zh-cn:甲;zh-tw:乙}-")
    );
    // NOTC keeps the source title, T rules included.
    let notc = DocMeta {
        no_title_conversion: true,
        ..Default::default()
    };
    let src = "-{T|zh-tw:壹}--{H|zh-cn:标题;zh-tw:標題}-";
    assert_eq!(
        title_of(src, notc, Some("标题"), ZhTW).as_deref(),
        Some("标题")
    );
}

#[test]
fn nocc_makes_every_edition_equal_the_source() {
    let src = "甲-{zh-cn:乙;zh-tw:丙}--{H|zh-cn:甲;zh-tw:丁}-甲“”";
    let mut d = doc(src);
    d.meta.no_content_conversion = true;
    for v in Variant::EDITIONS {
        let spec = EditionSpec {
            localize_quotes: true,
            ..spec(v)
        };
        let r = render(src, &d, Some("标题"), &spec);
        assert_eq!(r.text, src);
        assert_eq!(r.title.as_deref(), Some("标题"));
        let (t, pieces) = render_traced(src, &d, Some("标题"), &spec);
        assert_eq!(t, r);
        assert_eq!(
            pieces.iter().map(|p| p.output.as_str()).collect::<String>(),
            src
        );
    }
}

#[test]
fn link_labels_only_when_the_shown_text_changes() {
    let src = "[[内存]] [[硬盘]]";
    let d = Document {
        spans: vec![
            Span::Keep(0..8),
            Span::LinkLabel { shown: 2..8 },
            Span::Keep(8..10),
            Span::Text(10..11),
            Span::Keep(11..19),
            Span::LinkLabel { shown: 13..19 },
            Span::Keep(19..21),
        ],
        ..Default::default()
    };
    assert_eq!(d.check_tiling(src), Ok(()));
    let spec = with_glossary(bare(ZhTW), glossary(&[&[(ZhCN, "内存"), (ZhTW, "記憶體")]]));
    let r = render(src, &d, None, &spec);
    assert_eq!(r.text, "[[内存|記憶體]] [[硬盘]]");
    let (_, pieces) = render_traced(src, &d, None, &spec);
    let synth: Vec<_> = pieces
        .iter()
        .filter(|p| p.origin == Origin::Synthesised)
        .map(|p| (p.source.clone(), p.output.as_str()))
        .collect();
    assert_eq!(synth, [(8..8, "|記憶體")]);
    assert_eq!(render_identity(src, &d), src);
}

fn glossary(entries: &[&[(Variant, &str)]]) -> Glossary {
    Glossary {
        file: "house.yaml".into(),
        entries: entries
            .iter()
            .enumerate()
            .map(|(i, forms)| GlossaryEntry {
                line: 2 + 3 * i,
                forms: forms.iter().map(|(v, f)| (*v, f.to_string())).collect(),
                keep: None,
                note: None,
            })
            .collect(),
    }
}

#[test]
fn glossaries_apply_at_the_top_with_fallbacks() {
    let mut g = glossary(&[
        &[(ZhCN, "软件"), (ZhTW, "軟體"), (ZhHK, "軟件")],
        &[(ZhHans, "内存"), (ZhHant, "記憶體")],
    ]);
    g.entries.push(GlossaryEntry {
        line: 9,
        forms: vec![],
        keep: Some("乾隆".into()),
        note: None,
    });
    let src = "软件、軟體、内存、乾隆";
    let cases: [(Variant, &str); 8] = [
        (ZhCN, "软件、软件、内存、乾隆"),
        (ZhSG, "软件、软件、内存、乾隆"),
        (ZhMY, "软件、软件、内存、乾隆"),
        (ZhTW, "軟體、軟體、記憶體、乾隆"),
        (ZhHK, "軟件、軟件、記憶體、乾隆"),
        (ZhMO, "軟件、軟件、記憶體、乾隆"),
        // Script editions: only the entry with an explicit zh-hans/zh-hant form.
        (ZhHans, "软件、軟體、内存、乾隆"),
        (ZhHant, "软件、軟體、記憶體、乾隆"),
    ];
    for (v, want) in cases {
        let r = run(src, &with_glossary(bare(v), g.clone()));
        assert_eq!(r.text, want, "{v}");
    }
    // Page rules after the top override the glossary.
    let src = "-{H|zh-cn:软件;zh-tw:軟件}-软件";
    let r = run(src, &with_glossary(bare(ZhTW), g.clone()));
    assert_eq!(r.text, "軟件");
    // Two glossaries: the later one wins.
    let spec = with_glossary(
        with_glossary(bare(ZhTW), glossary(&[&[(ZhCN, "软件"), (ZhTW, "軟體")]])),
        glossary(&[&[(ZhCN, "软件"), (ZhTW, "軟件")]]),
    );
    assert_eq!(run("软件", &spec).text, "軟件");
}

#[test]
fn traced_pieces_concatenate_to_the_text_and_name_their_origin() {
    let g = glossary(&[&[(ZhCN, "软件"), (ZhTW, "軟體")]]);
    let src = "软件\n{{NoteTA|G1=IT|1=zh-cn:硬盘;zh-tw:硬碟;}}硬盘内存\n-{H|zh-cn:光盘;zh-tw:光碟}-光盘-{zh-cn:甲;zh-tw:乙}-";
    let spec = with_glossary(it_spec(ZhTW), g);
    let d = doc(src);
    let plain = render(src, &d, Some("软件"), &spec);
    let (traced, pieces) = render_traced(src, &d, Some("软件"), &spec);
    assert_eq!(traced, plain);
    assert_eq!(
        pieces.iter().map(|p| p.output.as_str()).collect::<String>(),
        plain.text
    );
    let rules: Vec<(&str, &str, RuleOrigin)> = pieces
        .iter()
        .filter_map(|p| match &p.origin {
            Origin::Rule(o) => Some((&src[p.source.clone()], p.output.as_str(), o.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        rules,
        [
            (
                "软件",
                "軟體",
                RuleOrigin::Glossary {
                    file: "house.yaml".into(),
                    line: 2
                }
            ),
            ("硬盘", "硬碟", RuleOrigin::NoteTA { line: 2, n: 1 }),
            (
                "内存",
                "記憶體",
                RuleOrigin::CGroup {
                    group: "IT".into(),
                    index: 0,
                    line: 3
                }
            ),
            ("光盘", "光碟", RuleOrigin::Markup { line: 3, column: 1 }),
        ]
    );
    let markup: Vec<&str> = pieces
        .iter()
        .filter(|p| p.origin == Origin::Markup)
        .map(|p| p.output.as_str())
        .collect();
    assert_eq!(markup, ["", "乙"]);
    assert_eq!(plain.title.as_deref(), Some("軟體"));
}

#[test]
fn identity_rendering_is_the_source() {
    for src in [
        "",
        "纯文本",
        "-{zh-cn:甲;zh-tw:乙}-{{NoteTA|1=a}}-{",
        "-{-{-{}-}-",
        "}-}-}-",
    ] {
        assert_eq!(render_identity(src, &doc(src)), src);
    }
}

#[test]
fn malformed_hand_built_documents_do_not_panic() {
    let src = "软件-{zh-cn:甲}-";
    let bad = Document {
        spans: vec![
            Span::Text(0..100),
            Span::Text(1..2),
            Span::Keep(std::ops::Range { start: 5, end: 3 }),
            Span::LinkLabel { shown: 50..60 },
            Span::Markup(Box::new(tongwen::rules::markup::ConvMarkup {
                range: 0..2,
                escape: true,
                body: vec![tongwen::rules::markup::MarkupPart::Text(7..300)],
            })),
        ],
        ..Default::default()
    };
    for v in Variant::EDITIONS {
        let _ = render(src, &bad, Some("x"), &bare(v));
        let _ = render_traced(src, &bad, Some("x"), &spec(v));
    }
}
