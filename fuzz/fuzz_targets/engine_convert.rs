//! Fuzz the conversion engine: any text, every built-in config. The fast engine must equal
//! the literal reference, the trace must concatenate to the conversion, and cutting at the
//! offsets `phrase_len_at` walks through must not change the result. Never panics.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tongwen::engine::reference::Reference;
use tongwen::engine::{BUILTIN_CONFIGS, Converter};

fn engines() -> &'static Vec<(Converter, Reference)> {
    static E: OnceLock<Vec<(Converter, Reference)>> = OnceLock::new();
    E.get_or_init(|| {
        BUILTIN_CONFIGS
            .iter()
            .map(|n| (Converter::builtin(n).unwrap(), Reference::builtin(n).unwrap()))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&k, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (conv, reference) = &engines()[k as usize % BUILTIN_CONFIGS.len()];
    let out = conv.convert(&text);
    assert_eq!(out, reference.convert(&text));
    let traced: String = conv.trace(&text).into_iter().map(|t| t.output).collect();
    assert_eq!(traced, out);
    let mut p = 0;
    let mut pieces = String::new();
    while p < text.len() {
        let step = conv
            .phrase_len_at(&text, p)
            .max(text[p..].chars().next().map_or(1, char::len_utf8));
        pieces.push_str(&conv.convert(&text[p..p + step]));
        p += step;
    }
    assert_eq!(pieces, out);
    let cut = conv.split_point(&text);
    let mut two = conv.convert(&text[..cut]);
    two.push_str(&conv.convert(&text[cut..]));
    assert_eq!(two, out);
    let _ = conv.candidates(&text);
});
