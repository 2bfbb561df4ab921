//! `Converter::convert_many` (the S→T configs share their first stage) gives each
//! config exactly its own conversion, on every article of the corpus and every benchmark text,
//! as written and converted to Traditional (so that both the S→T and the T→S configs have
//! something to convert). Skips loudly when ../shared is absent.

use std::path::PathBuf;

use tongwen::engine::{BUILTIN_CONFIGS, Converter};

use crate::helpers::shared_data::{shared, skipped};

fn texts() -> Option<Vec<(String, String)>> {
    let root = shared();
    let mut files: Vec<PathBuf> = Vec::new();
    for sub in ["corpus/wikitext", "corpus/markdown", "bench"] {
        let Ok(rd) = std::fs::read_dir(root.join(sub)) else {
            skipped(format_args!(
                "SKIPPED engine_many: no {} (set TONGWEN_SHARED)",
                root.join(sub).display()
            ));
            return None;
        };
        files.extend(rd.map(|e| e.unwrap().path()).filter(|p| {
            p.extension()
                .is_some_and(|x| x == "wiki" || x == "md" || x == "txt")
        }));
    }
    files.sort();
    Some(
        files
            .into_iter()
            .filter_map(|p| {
                let t = std::fs::read_to_string(&p).ok()?;
                Some((p.display().to_string(), t))
            })
            .collect(),
    )
}

#[test]
fn convert_many_equals_each_config() {
    let Some(texts) = texts() else { return };
    let convs: Vec<Converter> = BUILTIN_CONFIGS
        .iter()
        .map(|n| Converter::builtin(n).unwrap())
        .collect();
    let refs: Vec<&Converter> = convs.iter().collect();
    let s2twp = Converter::builtin("s2twp").unwrap();
    let mut checked = 0;
    for (name, text) in &texts {
        let traditional = s2twp.convert(text);
        for (form, t) in [("source", text.as_str()), ("s2twp", traditional.as_str())] {
            let mut outs: Vec<String> = vec![String::new(); convs.len()];
            {
                let mut o: Vec<&mut String> = outs.iter_mut().collect();
                Converter::convert_many(&refs, t, &mut o);
            }
            for (k, c) in convs.iter().enumerate() {
                assert!(
                    outs[k] == c.convert(t),
                    "{} differs on {name} ({form})",
                    BUILTIN_CONFIGS[k]
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 16 * 2 * 100, "{checked} conversions checked");
}
