//! pipeline.yaml through the binary: validation errors with file:line:col (exit 2, nothing
//! written), the default pipeline, and the options that change outputs.

use crate::helpers::runner_util;

use runner_util::*;

fn run_with(dir: &std::path::Path, yaml: &str, args: &[&str]) -> std::process::Output {
    write(dir, "p.yaml", yaml);
    let mut all = vec!["run", "--pipeline", "p.yaml"];
    all.extend(args);
    tongwen(dir, &all)
}

#[test]
fn bad_pipelines_report_their_line_and_column() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "a.txt", "软件");
    let cases: &[(&str, &str)] = &[
        (
            "editions:\n  - variant: zh-TW\n    confgs: [s2twp]\n",
            "p.yaml:3:5: unknown field `confgs`, expected one of variant, configs, fallback, glossaries, localize_quotes\n   |\n 3 |     confgs: [s2twp]\n   |     ^^^^^^\n  hint: ",
        ),
        ("output:\n  titles: maybe\n", "p.yaml:2:11: invalid boolean"),
        (
            "output:\n  layout: zip\n",
            "p.yaml:2:11: unknown variant `zip`, expected one of auto, tree, jsonl, xml",
        ),
        (
            "editions:\n  - variant: zh-XX\n",
            "p.yaml:2:14: unknown variant `zh-XX`\n",
        ),
        (
            "editions:\n  - variant: zh-TW\n    glossaries: [tw.yaml]\n",
            "p.yaml:3:18: glossary `tw.yaml` not found (./tw.yaml)\n",
        ),
        (
            "editions:\n  - variant: zh-TW\n    configs: [s2x]\n",
            "p.yaml:3:15: unknown OpenCC config `s2x`",
        ),
        (
            "input:\n  protect:\n    keep_patterns: ['[']\n",
            "p.yaml:3:21: invalid regular expression `[`",
        ),
        ("editions: [\n", "p.yaml:1:11: unclosed bracket '['"),
    ];
    for (yaml, needle) in cases {
        let o = run_with(dir, yaml, &["a.txt", "--out", "out"]);
        assert_eq!(code(&o), 2, "{yaml}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(needle),
            "{yaml}\n--- got:\n{}",
            stderr(&o)
        );
        assert!(!dir.join("out").exists(), "{yaml}");
    }
}

#[test]
fn fewer_editions_and_keep_markup() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "in/a.wiki", "-{zh-hans:鼠标;zh-hant:滑鼠;}-");
    let yaml = "editions:\n  - variant: zh-tw\n  - variant: zh_CN\n    configs: [tw2sp]\noutput:\n  markup: keep\n";
    let o = run_with(dir, yaml, &["in", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains(", 2 editions, "), "{}", stderr(&o));
    let files: Vec<String> = snapshot(&dir.join("out"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(files, ["zh-CN/a.wiki", "zh-TW/a.wiki"]);
    assert_eq!(read(dir, "out/zh-TW/a.wiki"), "-{R|滑鼠}-");
    assert_eq!(read(dir, "out/zh-CN/a.wiki"), "-{R|鼠标}-");
}

#[test]
fn pipeline_in_the_current_folder_is_the_default() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(
        dir,
        "pipeline.yaml",
        "editions:\n  - variant: zh-HK\ninput:\n  paths: [articles]\noutput:\n  dir: dist\n",
    );
    write(dir, "articles/a.txt", "软件");
    let o = tongwen(dir, &["run"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let files: Vec<String> = snapshot(&dir.join("dist"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(files, ["zh-HK/a.txt"]);
    assert_eq!(read(dir, "dist/zh-HK/a.txt"), "軟件");
}

#[test]
fn paths_in_a_pipeline_are_relative_to_it() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "conf/p.yaml", "input:\n  paths: [../articles]\n");
    write(dir, "articles/a.txt", "软件");
    let o = tongwen(dir, &["run", "--pipeline", "conf/p.yaml", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(read(dir, "out/zh-TW/a.txt"), "軟體");
    // A path that does not exist is a configuration error pointing into the file.
    write(dir, "conf/q.yaml", "input:\n  paths: [../nothing]\n");
    let o = tongwen(dir, &["run", "--pipeline", "conf/q.yaml", "--out", "out"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("conf/q.yaml:2:11: input `../nothing` does not exist"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn formats_by_extension_with_overrides() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "in/a.page", "[[软件]]");
    write(dir, "in/b.txt", "软件");
    write(dir, "in/c.md", "`软件`");
    let yaml = "input:\n  formats: {page: wikitext, txt: ignore}\n";
    let o = run_with(dir, yaml, &["in", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let files: Vec<String> = snapshot(&dir.join("out/zh-TW"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(files, ["a.page", "c.md"]);
    assert_eq!(read(dir, "out/zh-TW/a.page"), "[[软件|軟體]]");
    assert_eq!(read(dir, "out/zh-TW/c.md"), "`软件`");
}

#[test]
fn front_matter_and_quotes() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "in/软件.md", "“软件”和‘硬件’\n");
    let yaml = "output:\n  front_matter: true\n  localize_quotes: true\n";
    let o = run_with(dir, yaml, &["in", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(dir, "out/zh-TW/软件.md"),
        "---\ntitle: \"軟體\"\n---\n\n「軟體」和『硬體』\n"
    );
    assert_eq!(
        read(dir, "out/zh-HK/软件.md"),
        "---\ntitle: \"軟件\"\n---\n\n「軟件」和『硬件』\n"
    );
    assert_eq!(
        read(dir, "out/zh-Hant/软件.md"),
        "---\ntitle: \"軟件\"\n---\n\n“軟件”和‘硬件’\n"
    );
    assert_eq!(
        read(dir, "out/zh-CN/软件.md"),
        "---\ntitle: \"软件\"\n---\n\n“软件”和‘硬件’\n"
    );
}

#[test]
fn the_shipped_pipeline_yaml_is_valid() {
    let root = env!("CARGO_MANIFEST_DIR");
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "a.txt", "软件");
    let p = format!("{root}/pipeline.yaml");
    let o = tongwen(dir, &["run", "--pipeline", &p, "a.txt", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains(", 8 editions, "), "{}", stderr(&o));
}

#[test]
fn cgroups_from_the_pipeline_feed_notata() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(
        dir,
        "conf/groups/it.yaml",
        "name: IT\nrules:\n  - zh-cn:内存; zh-tw:主記憶體; zh-hk:記憶體;\n",
    );
    write(dir, "conf/p.yaml", "input:\n  cgroups: [groups/it.yaml]\n");
    write(dir, "in/a.wiki", "{{NoteTA|G1=IT|G2=Nope}}内存");
    let o = tongwen(
        dir,
        &["run", "--pipeline", "conf/p.yaml", "in", "--out", "out"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(dir, "out/zh-TW/a.wiki"),
        "{{NoteTA|G1=IT|G2=Nope}}主記憶體"
    );
    assert_eq!(
        read(dir, "out/zh-HK/a.wiki"),
        "{{NoteTA|G1=IT|G2=Nope}}記憶體"
    );
    assert_eq!(
        read(dir, "out/zh-CN/a.wiki"),
        "{{NoteTA|G1=IT|G2=Nope}}内存"
    );
    // The unknown group is a warning (the article is written; exit 0).
    assert!(
        stderr(&o).contains(", 1 warnings, 0 errors"),
        "{}",
        stderr(&o)
    );
    let w: serde_json::Value =
        serde_json::from_str(read(dir, "out/warnings.jsonl").lines().next().unwrap()).unwrap();
    assert_eq!(w["file"], "a.wiki");
    assert_eq!(w["editions"].as_array().unwrap().len(), 8);
    assert!(w["message"].as_str().unwrap().contains("`Nope`"), "{w}");
    // A broken group file stops the run before any work, with its position.
    write(
        dir,
        "conf/groups/it.yaml",
        "name: IT\nrules:\n  - zh-xx:内存;\n",
    );
    let o = tongwen(
        dir,
        &["run", "--pipeline", "conf/p.yaml", "in", "--out", "out2"],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("conf/p.yaml:2:13: CGroup file conf/groups/it.yaml:3:5: "),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("out2").exists());
}

#[test]
fn protection_settings_reach_the_parser() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(
        dir,
        "in/a.wiki",
        "{{Foo|软件}}{{Infobox|名称=软件|日期=软件|说明=软件}}内存和硬盘。",
    );
    // Defaults on: 日期 is kept by the built-in list; the additions keep Foo, 名称 and 内存.
    let yaml = "input:\n  protect:\n    keep_templates: [foo]\n    keep_params: [名称]\n    keep_patterns: ['内存']\n";
    let o = run_with(dir, yaml, &["in", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(dir, "out/zh-TW/a.wiki"),
        "{{Foo|软件}}{{Infobox|名称=软件|日期=软件|说明=軟體}}内存和硬碟。"
    );
    // Defaults off: only what is listed is kept, so 日期's value is converted too.
    let yaml = "input:\n  protect:\n    defaults: false\n    keep_params: [名称]\n";
    let o = run_with(dir, yaml, &["in", "--out", "out2"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(dir, "out2/zh-TW/a.wiki"),
        "{{Foo|軟體}}{{Infobox|名称=软件|日期=軟體|说明=軟體}}記憶體和硬碟。"
    );
}

#[test]
fn glossaries_apply_to_their_edition_only() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(
        dir,
        "g/tw.yaml",
        "entries:\n  - zh-cn: 软件\n    zh-tw: 軟件\n",
    );
    write(
        dir,
        "g/sg.yaml",
        "entries:\n  - zh-cn: 软件\n    zh-sg: 软体\n",
    );
    write(
        dir,
        "p.yaml",
        "editions:\n  - variant: zh-TW\n    glossaries: [g/tw.yaml]\n  - variant: zh-CN\n  - variant: zh-SG\n    glossaries: [g/sg.yaml]\n  - variant: zh-MY\n",
    );
    write(dir, "in/a.txt", "软件和内存");
    let o = tongwen(dir, &["run", "--pipeline", "p.yaml", "in", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(read(dir, "out/zh-TW/a.txt"), "軟件和記憶體");
    assert_eq!(read(dir, "out/zh-CN/a.txt"), "软件和内存");
    assert_eq!(read(dir, "out/zh-SG/a.txt"), "软体和内存");
    assert_eq!(read(dir, "out/zh-MY/a.txt"), "软件和内存");
}
