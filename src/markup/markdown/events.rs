//! First pass: pulldown-cmark's offset iterator, turned into two sorted range lists.
//!
//! - `visible`: text a reader sees — `Text` events whose source bytes equal their text (so an
//!   entity such as `&amp;`, whose text is `&`, is never visible), with the character after a
//!   backslash escape moved out (an escape is kept whole: `\[` stays `\[`).
//! - `opaque`: bytes that are kept AND never scanned for `-{ }-` or math: code spans and blocks,
//!   raw HTML, link and image destinations with their titles, autolinks, footnote references,
//!   reference definitions, front matter.
//!
//! Every other byte (emphasis markers, brackets, list and heading markers, table pipes, line
//! breaks, escapes' backslashes) is kept but may still hold the `-{` or `}-` of a conversion
//! block or a math delimiter. Link labels that name a category, a file or another language's
//! article are kept too (see [`super::links`]).
//!
//! Invariants: `visible` is sorted and disjoint (a `Text` event that starts before the end of
//! the previous one is clipped); `opaque` is sorted and merged after [`classify`] returns.
//! Pulldown-cmark is linear, and this pass does O(1) work per event.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::links;
use super::ranges::{merge_sorted, union};
use super::raw_html::HtmlState;

/// The result of the first pass.
#[derive(Debug, Default)]
pub(super) struct Classified {
    pub visible: Vec<Range<usize>>,
    pub opaque: Vec<Range<usize>>,
}

impl Classified {
    /// Adds an opaque range, extending the last one when they touch (raw HTML gives many
    /// adjacent tags). Out-of-order pushes are allowed; [`classify`] sorts at the end.
    pub(super) fn keep_opaque(&mut self, r: Range<usize>) {
        if r.start >= r.end {
            return;
        }
        match self.opaque.last_mut() {
            Some(last) if last.end == r.start => last.end = r.end,
            _ => self.opaque.push(r),
        }
    }
}

struct LinkFrame<'a> {
    /// The whole link or image, `[` (or `![`) to the closing `)`/`]`.
    range: Range<usize>,
    is_image: bool,
    link_type: LinkType,
    dest: CowStr<'a>,
    /// `visible.len()` when the link started, to take its label back out.
    visible_len: usize,
    /// End of the last event inside the label: the destination part starts there.
    label_end: usize,
}

/// The parser options: CommonMark plus tables, footnotes and strikethrough (as pandoc's
/// exporter writes them). YAML metadata blocks only when the text starts with one: pulldown
/// would otherwise take any `---` … `---` pair after a blank line for metadata.
fn options(src: &str) -> Options {
    let mut opts =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    if src.starts_with("---") {
        opts |= Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    }
    opts
}

pub(super) fn classify(src: &str) -> Classified {
    let mut out = Classified {
        visible: Vec::with_capacity(src.len() / 32 + 4),
        opaque: Vec::with_capacity(src.len() / 64 + 4),
    };
    let parser = Parser::new_ext(src, options(src));
    let iter = parser.into_offset_iter();
    // Reference definitions can be anywhere; they are merged in at the end.
    let mut refdefs: Vec<Range<usize>> = iter
        .reference_definitions()
        .iter()
        .map(|(_, d)| d.span.clone())
        .collect();

    let bytes = src.as_bytes();
    // Text events inside these are not visible: code blocks, front matter, autolinks.
    let mut suppress = 0usize;
    let mut front_matter = false;
    let mut links: Vec<LinkFrame> = Vec::new();
    // Raw end of the previous Text event (before escape trimming), to tell an escaped
    // character from one that follows an escaped backslash.
    let mut prev_text_end = usize::MAX;
    let mut html = HtmlState::default();

    for (event, range) in iter {
        if let Some(frame) = links.last_mut()
            && !matches!(event, Event::End(TagEnd::Link | TagEnd::Image))
        {
            frame.label_end = frame.label_end.max(range.end);
        }
        match event {
            Event::Text(text) => {
                if suppress == 0 && is_source_text(src, &range, &text) {
                    let mut start = range.start;
                    if start > 0
                        && bytes[start - 1] == b'\\'
                        && prev_text_end != start
                        && bytes.get(start).is_some_and(|b| b.is_ascii_punctuation())
                    {
                        start += 1;
                    }
                    push_visible(&mut out.visible, start..range.end);
                }
                prev_text_end = range.end;
            }
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_) => out.keep_opaque(range),
            Event::Html(_) | Event::InlineHtml(_) => {
                html.piece(src, range, &mut out);
            }
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) => {
                    out.keep_opaque(range);
                    suppress += 1;
                }
                // Only front matter is kept (see `options`); pulldown never yields a
                // metadata block elsewhere then, but stay safe.
                Tag::MetadataBlock(_) if range.start == 0 => {
                    out.keep_opaque(range);
                    suppress += 1;
                    front_matter = true;
                }
                Tag::Link {
                    link_type: link_type @ (LinkType::Autolink | LinkType::Email),
                    dest_url,
                    ..
                } => {
                    out.keep_opaque(range.clone());
                    suppress += 1;
                    links.push(LinkFrame {
                        label_end: range.start,
                        range,
                        is_image: false,
                        link_type,
                        dest: dest_url,
                        visible_len: out.visible.len(),
                    });
                }
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } => links.push(frame(range, false, link_type, dest_url, out.visible.len())),
                Tag::Image {
                    link_type,
                    dest_url,
                    ..
                } => links.push(frame(range, true, link_type, dest_url, out.visible.len())),
                Tag::HtmlBlock => html.start_block(),
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::CodeBlock => suppress = suppress.saturating_sub(1),
                TagEnd::MetadataBlock(_) => {
                    if front_matter {
                        suppress = suppress.saturating_sub(1);
                        front_matter = false;
                    }
                }
                TagEnd::Link | TagEnd::Image => {
                    if let Some(frame) = links.pop() {
                        // An image inside a link label is part of the outer label.
                        if let Some(outer) = links.last_mut() {
                            outer.label_end = outer.label_end.max(frame.range.end);
                        }
                        end_link(src, frame, &mut out, &mut suppress);
                    }
                }
                TagEnd::HtmlBlock => html.end_block(src, range.end, &mut out),
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript => {}
                // The end of any block closes an inline verbatim element left open in it.
                _ => html.end_block(src, range.end, &mut out),
            },
            _ => {}
        }
    }
    html.end_block(src, src.len(), &mut out);
    if !out.opaque.is_sorted_by_key(|r| r.start) {
        out.opaque.sort_unstable_by_key(|r| r.start);
    }
    out.opaque = merge_sorted(std::mem::take(&mut out.opaque));
    if !refdefs.is_empty() {
        refdefs.sort_unstable_by_key(|r| r.start);
        out.opaque = union(&out.opaque, &merge_sorted(refdefs));
    }
    out
}

fn frame<'a>(
    range: Range<usize>,
    is_image: bool,
    link_type: LinkType,
    dest: CowStr<'a>,
    visible_len: usize,
) -> LinkFrame<'a> {
    let label_start = range.start + if is_image { 2 } else { 1 };
    LinkFrame {
        label_end: label_start.min(range.end),
        range,
        is_image,
        link_type,
        dest,
        visible_len,
    }
}

fn end_link(src: &str, frame: LinkFrame, out: &mut Classified, suppress: &mut usize) {
    if matches!(frame.link_type, LinkType::Autolink | LinkType::Email) {
        *suppress = suppress.saturating_sub(1);
        return;
    }
    let dest_start = frame.label_end.clamp(frame.range.start, frame.range.end);
    if dest_start < frame.range.end {
        out.keep_opaque(dest_start..frame.range.end);
    }
    let label_start = (frame.range.start + if frame.is_image { 2 } else { 1 }).min(dest_start);
    let label = src.get(label_start..dest_start).unwrap_or("");
    if links::keep_label(frame.is_image, frame.link_type, label, &frame.dest) {
        out.visible.truncate(frame.visible_len);
    }
}

/// Whether a Text event's text is exactly its source bytes. Text borrowed from the source at
/// that very position is (a pointer test); other text is compared.
fn is_source_text(src: &str, range: &Range<usize>, text: &str) -> bool {
    let Some(slice) = src.get(range.clone()) else {
        return false;
    };
    (std::ptr::eq(slice.as_ptr(), text.as_ptr()) && slice.len() == text.len()) || slice == text
}

/// Appends a visible range, clipped so the list stays sorted and disjoint.
pub(super) fn push_visible(visible: &mut Vec<Range<usize>>, mut r: Range<usize>) {
    if let Some(last) = visible.last() {
        r.start = r.start.max(last.end);
    }
    if r.start < r.end {
        visible.push(r);
    }
}
