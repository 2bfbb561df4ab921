//! Raw HTML in Markdown (stub until the shared HTML tokenizer lands): every tag, comment and
//! HTML block is kept whole.

use std::ops::Range;

use super::events::Classified;

#[derive(Debug, Default)]
pub(super) struct HtmlState;

impl HtmlState {
    pub(super) fn piece(&mut self, _src: &str, range: Range<usize>, out: &mut Classified) {
        out.opaque.push(range);
    }
    pub(super) fn start_block(&mut self) {}
    pub(super) fn end_block(&mut self, _src: &str, _end: usize, _out: &mut Classified) {}
}
