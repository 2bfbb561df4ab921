//! Converting all of a document's visible text with one chain in one engine call.
//!
//! A wiki article's visible text comes in many short spans (between links, templates, bold
//! markers…). Converting them one call at a time costs a call's fixed overhead per span and
//! keeps every span on the engine's short-text path. Instead, [`Preconverted`] joins the
//! spans with `\n` and converts the whole once per chain. That is exact: when every converter
//! of the chain is [`Converter::newline_neutral`] (no key or value holds a newline) the
//! conversion of `a + "\n" + b` is `convert(a) + "\n" + convert(b)`, except that an
//! ideographic description operator (U+2FF0–U+2FFF) may take a newline as an operand — so a
//! span holding one is left out of the batch and converted on its own as before.
//!
//! The renderer uses a span's preconverted text only where no page rule is in force (an
//! empty rule table); everywhere else it converts as before. Editions that share a chain
//! share one [`Preconverted`].

use std::ops::Range;

use crate::document::{Document, Span};
use crate::engine::{Converter, has_ids_operator};

/// A document's batchable text: its text spans (and link label texts) joined by newlines,
/// made once per document and converted once per chain ([`Preconverted::new`]).
pub struct TextBatch {
    joined: String,
    /// The span index of each piece, in order.
    spans: Vec<u32>,
    /// For each piece, the ordinal of its separator among all newlines of `joined`.
    seps: Vec<u32>,
    /// Newlines in `joined` (separators and those inside the pieces).
    newlines: usize,
    /// Spans in the document.
    total: usize,
}

impl TextBatch {
    /// The batch of `doc`'s text spans, or `None` when the source is too large for the
    /// offsets used here (2 GiB).
    pub fn new(source: &str, doc: &Document) -> Option<TextBatch> {
        if source.len() >= u32::MAX as usize / 2 || doc.spans.len() >= u32::MAX as usize {
            return None;
        }
        let mut joined = String::with_capacity(source.len() + doc.spans.len());
        let mut spans: Vec<u32> = Vec::new();
        let mut sep_at: Vec<usize> = Vec::new();
        // Operators are rare: look for one in the whole source first.
        let operators = has_ids_operator(source.as_bytes());
        for (i, span) in doc.spans.iter().enumerate() {
            let r = match span {
                Span::Text(r) => r,
                Span::LinkLabel { shown } => shown,
                _ => continue,
            };
            let Some(text) = source.get(r.clone()) else {
                continue;
            };
            if text.is_empty() || operators && has_ids_operator(text.as_bytes()) {
                continue;
            }
            joined.push_str(text);
            sep_at.push(joined.len());
            joined.push('\n');
            spans.push(i as u32);
        }
        // The ordinal of each separator among all newlines.
        let mut all = Vec::with_capacity(sep_at.len() + sep_at.len() / 2 + 16);
        newlines(joined.as_bytes(), &mut all);
        let mut seps = Vec::with_capacity(sep_at.len());
        let mut next = sep_at.iter().peekable();
        for (ordinal, &pos) in all.iter().enumerate() {
            if next.peek() == Some(&&(pos as usize)) {
                seps.push(ordinal as u32);
                next.next();
            }
        }
        Some(TextBatch {
            joined,
            spans,
            seps,
            newlines: all.len(),
            total: doc.spans.len(),
        })
    }
}

/// The conversion of a document's text spans (and link label texts) with one chain.
pub struct Preconverted {
    converters: Vec<Converter>,
    /// Per span index: the span's converted text in `out`, if it was batched.
    pieces: Vec<Option<Range<u32>>>,
    out: String,
}

impl Preconverted {
    /// Converts `batch` with `converters` in one call per converter, or returns `None` when
    /// the chain is empty or a converter is not newline-neutral.
    pub fn new(batch: &TextBatch, converters: &[Converter]) -> Option<Preconverted> {
        if converters.is_empty() || !converters.iter().all(Converter::newline_neutral) {
            return None;
        }
        let joined = &batch.joined;
        let mut out = String::with_capacity(out_capacity(joined.len()));
        super::scan::chain_convert(&mut Default::default(), converters, joined, &mut out);
        Preconverted::split(batch, converters, out)
    }

    /// Batches for several chains at once: one-converter chains go through
    /// [`Converter::convert_many`] together (the S→T configs share their first stage).
    pub fn many(batch: &TextBatch, chains: &[&[Converter]]) -> Vec<Option<Preconverted>> {
        let mut result: Vec<Option<Preconverted>> = chains.iter().map(|_| None).collect();
        let single: Vec<usize> = (0..chains.len())
            .filter(|&i| chains[i].len() == 1 && chains[i][0].newline_neutral())
            .collect();
        if !single.is_empty() {
            let convs: Vec<&Converter> = single.iter().map(|&i| &chains[i][0]).collect();
            let cap = out_capacity(batch.joined.len());
            let mut outs: Vec<String> = single.iter().map(|_| String::with_capacity(cap)).collect();
            if !batch.joined.is_empty() {
                let mut o: Vec<&mut String> = outs.iter_mut().collect();
                Converter::convert_many(&convs, &batch.joined, &mut o);
            }
            for (&i, out) in single.iter().zip(outs) {
                result[i] = Preconverted::split(batch, chains[i], out);
            }
        }
        for (i, chain) in chains.iter().enumerate() {
            if result[i].is_none() && !single.contains(&i) {
                result[i] = Preconverted::new(batch, chain);
            }
        }
        result
    }

    /// Cuts the chain's output of the joined text into the spans' pieces.
    fn split(batch: &TextBatch, converters: &[Converter], out: String) -> Option<Preconverted> {
        // Output newlines correspond one to one to input newlines (neutral converters).
        let mut all = Vec::with_capacity(batch.newlines);
        newlines(out.as_bytes(), &mut all);
        if all.len() != batch.newlines {
            // Cannot happen with neutral converters; the caller converts span by span.
            return None;
        }
        let mut pieces = vec![None; batch.total];
        let mut start = 0u32;
        for (&span, &sep) in batch.spans.iter().zip(&batch.seps) {
            let end = all[sep as usize];
            pieces[span as usize] = Some(start..end);
            start = end + 1;
        }
        Some(Preconverted {
            converters: converters.to_vec(),
            pieces,
            out,
        })
    }

    /// [`TextBatch::new`] then [`Preconverted::new`].
    pub fn of(source: &str, doc: &Document, converters: &[Converter]) -> Option<Preconverted> {
        Preconverted::new(&TextBatch::new(source, doc)?, converters)
    }

    /// True when this batch was made with the same chain as `converters`.
    pub fn is_for(&self, converters: &[Converter]) -> bool {
        self.converters.len() == converters.len()
            && self
                .converters
                .iter()
                .zip(converters)
                .all(|(a, b)| a.same_config(b))
    }

    /// The converted text of span `index`, if it was batched.
    pub fn get(&self, index: usize) -> Option<&str> {
        let r = self.pieces.get(index)?.as_ref()?;
        self.out.get(r.start as usize..r.end as usize)
    }
}

/// Room for the conversion of `len` bytes: the usual growth, plus the engine's look-ahead
/// reservation (its fast loop reserves 4 bytes per input byte of a 4 KiB chunk), so that the
/// output is never moved while it is written.
fn out_capacity(len: usize) -> usize {
    len + len / 8 + 4 * 4096 + 64
}

/// Appends the offset of every `\n` of `bytes` to `out`, in order (`bytes` is shorter than
/// 4 GiB). One pass, 16 bytes a step on x86-64 (SSE2 is part of its baseline): a batch holds
/// a newline every few dozen bytes, where a search call per newline costs more than the scan.
fn newlines(bytes: &[u8], out: &mut Vec<u32>) {
    #[cfg(target_arch = "x86_64")]
    if bytes.len() >= 64 && std::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2 (checked just above).
        unsafe { newlines_avx2(bytes, out) };
        return;
    }
    newlines_from(bytes, 0, out);
}

/// [`newlines`] 32 bytes a step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn newlines_avx2(bytes: &[u8], out: &mut Vec<u32>) {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_set1_epi8,
    };
    let mut i = 0;
    while i + 32 <= bytes.len() {
        // SAFETY: AVX2 is enabled for this function; the load reads bytes[i..i + 32], in
        // bounds.
        let mask = unsafe {
            let v = _mm256_loadu_si256(bytes.as_ptr().add(i).cast::<__m256i>());
            _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\n' as i8))) as u32
        };
        push_marked(out, i, mask);
        i += 32;
    }
    newlines_from(bytes, i, out);
}

/// Appends `at + i` for every bit i set in `mask`, in order.
#[inline(always)]
fn push_marked(out: &mut Vec<u32>, at: usize, mut mask: u32) {
    while mask != 0 {
        out.push((at + mask.trailing_zeros() as usize) as u32);
        mask &= mask - 1;
    }
}

/// [`newlines`] from offset `i` on, 16 bytes a step.
#[inline(always)]
fn newlines_from(bytes: &[u8], mut i: usize, out: &mut Vec<u32>) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        while i + 16 <= bytes.len() {
            // SAFETY: SSE2 is always available on x86-64; the load reads bytes[i..i + 16],
            // which is in bounds.
            let mask = unsafe {
                let v = _mm_loadu_si128(bytes.as_ptr().add(i).cast::<__m128i>());
                _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8))) as u32
            };
            push_marked(out, i, mask);
            i += 16;
        }
    }
    for (k, &b) in bytes[i..].iter().enumerate() {
        if b == b'\n' {
            out.push((i + k) as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::markup::parse;

    fn s2twp() -> Vec<Converter> {
        vec![Converter::builtin("s2twp").unwrap()]
    }

    #[test]
    fn newlines_finds_every_one_in_order() {
        // Lengths around the 16-byte step, newlines at block edges and in the tail.
        for len in [
            0usize, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 95, 96, 97, 100, 200,
        ] {
            for stride in [1usize, 2, 7, 16, 17] {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| {
                        if i % stride == stride - 1 {
                            b'\n'
                        } else {
                            0xE8
                        }
                    })
                    .collect();
                let want: Vec<u32> = (0..len as u32)
                    .filter(|&i| bytes[i as usize] == b'\n')
                    .collect();
                let mut got = vec![7];
                newlines(&bytes, &mut got);
                assert_eq!(got[0], 7, "appends");
                assert_eq!(&got[1..], &want[..], "len {len} stride {stride}");
            }
        }
    }

    #[test]
    fn each_span_gets_its_own_conversion() {
        let src = "软件[[鼠标|鼠标]]和\n打印机''内存''⿰木木信息";
        let doc = parse(src, Format::Wikitext);
        let convs = s2twp();
        let pre = Preconverted::of(src, &doc, &convs).unwrap();
        let mut seen = 0;
        for (i, span) in doc.spans.iter().enumerate() {
            let r = match span {
                Span::Text(r) => r.clone(),
                Span::LinkLabel { shown } => shown.clone(),
                _ => {
                    assert_eq!(pre.get(i), None);
                    continue;
                }
            };
            let text = &src[r];
            if has_ids_operator(text.as_bytes()) {
                assert_eq!(pre.get(i), None, "{text}");
                continue;
            }
            assert_eq!(pre.get(i), Some(convs[0].convert(text).as_str()), "{text}");
            seen += 1;
        }
        assert!(seen >= 3, "{:?}", doc.spans);
    }

    #[test]
    fn chains_of_two_and_sharing() {
        let src = "乾隆年间的头发\n\n第二段软件";
        let doc = parse(src, Format::Plain);
        let chain = vec![
            Converter::builtin("s2t").unwrap(),
            Converter::builtin("t2tw").unwrap(),
        ];
        let pre = Preconverted::of(src, &doc, &chain).unwrap();
        let want = chain[1].convert(&chain[0].convert(src));
        assert_eq!(pre.get(0), Some(want.as_str()));
        assert!(pre.is_for(&chain));
        assert!(!pre.is_for(&s2twp()));
    }

    #[test]
    fn ids_operators_stay_out() {
        assert!(has_ids_operator("a⿰b".as_bytes()));
        assert!(!has_ids_operator("a\u{2FC0}b".as_bytes()));
        assert!(!has_ids_operator("軟體".as_bytes()));
    }
}
