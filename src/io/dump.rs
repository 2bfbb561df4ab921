//! MediaWiki XML export dumps (`*.xml`, `*.xml.bz2` including multistream), read and written
//! as streams.
//!
//! Reading is split in two so memory stays bounded and the expensive half runs in parallel:
//! - [`Splitter`] cuts the decompressed byte stream into pieces without parsing XML: the
//!   header (`<mediawiki>` and `<siteinfo>`), one `<page>…</page>` element at a time (with the
//!   indentation before it), bytes between pages that are not whitespace (e.g. `<logitem>`),
//!   and the footer. This is sound for MediaWiki exports because a literal `<page>` or
//!   `</page>` cannot occur inside element content (`<` is always escaped there). It holds at
//!   most one page (capped at [`MAX_PIECE`]) plus one read block in memory.
//! - [`parse_page`] parses one page with quick-xml, checks it is well-formed, and finds its
//!   title, namespace, id and every revision's `<text>` (content model, escaped byte range,
//!   unescaped text, `<sha1>` element). [`rewrite_page`] puts converted texts back, leaving
//!   every other byte of the page as it was.
//!
//! Writing a converted text updates its `bytes="…"` attribute and, because the stored hash no
//! longer matches, writes `<sha1/>` (MediaWiki recomputes hashes on import). Texts that did not
//! change keep their bytes and hash. [`synth_header`]/[`synth_page`] make an export for articles
//! that did not come from a dump.

use std::io::{self, Read};
use std::ops::Range;

use memchr::memmem;

/// Largest page (or header, or run of bytes between pages) held in memory: bigger ones are
/// reported as errors and skipped.
pub const MAX_PIECE: usize = 64 << 20;

const READ_BLOCK: usize = 1 << 20;

/// A piece of a dump.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    /// Everything before the first page.
    Header(Vec<u8>),
    /// One `<page>…</page>` element, with the whitespace before it.
    Page(PageChunk),
    /// Non-whitespace bytes between two pages, copied as they are.
    Between(Vec<u8>),
    /// Everything after the last page (normally `</mediawiki>`).
    Footer(Vec<u8>),
}

/// The bytes of one page and where they start in the decompressed stream.
#[derive(Debug, PartialEq, Eq)]
pub struct PageChunk {
    pub bytes: Vec<u8>,
    /// Offset of the first byte of `bytes` in the decompressed stream.
    pub offset: u64,
    /// 1-based line of that byte.
    pub line: u64,
}

/// A fault in the dump stream itself (as opposed to one page).
#[derive(Debug, PartialEq, Eq)]
pub struct StreamFault {
    pub message: String,
    /// Offset in the decompressed stream.
    pub offset: u64,
    pub line: u64,
    /// When true the stream cannot be read further.
    pub fatal: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Header,
    Pages,
    Done,
}

/// Cuts a decompressed dump into [`Piece`]s.
pub struct Splitter<R> {
    inner: R,
    /// Read bytes; the unconsumed ones are `buf[start..]` (pieces are copied out, so a piece
    /// never keeps the read buffer's capacity alive).
    buf: Vec<u8>,
    start: usize,
    /// Offset of `buf[start]` in the stream.
    base: u64,
    /// Line of `buf[start]`.
    base_line: u64,
    eof: bool,
    state: State,
    open: memmem::Finder<'static>,
    close: memmem::Finder<'static>,
}

impl<R: Read> Splitter<R> {
    pub fn new(inner: R) -> Splitter<R> {
        Splitter {
            inner,
            buf: Vec::with_capacity(2 * READ_BLOCK),
            start: 0,
            base: 0,
            base_line: 1,
            eof: false,
            state: State::Header,
            open: memmem::Finder::new(b"<page>"),
            close: memmem::Finder::new(b"</page>"),
        }
    }

    /// Reads one more block; false at end of stream.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let len = self.buf.len();
        self.buf.resize(len + READ_BLOCK, 0);
        let n = loop {
            match self.inner.read(&mut self.buf[len..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(len);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(len + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    /// The unconsumed bytes.
    fn data(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    fn len(&self) -> usize {
        self.buf.len() - self.start
    }

    /// Removes and returns the first `n` unconsumed bytes, advancing the stream position.
    fn take(&mut self, n: usize) -> Vec<u8> {
        let head = self.data()[..n].to_vec();
        self.discard(n);
        head
    }

    /// Drops the first `n` unconsumed bytes.
    fn discard(&mut self, n: usize) {
        let lines = memchr::memchr_iter(b'\n', &self.data()[..n]).count() as u64;
        self.start += n;
        self.base += n as u64;
        self.base_line += lines;
    }

    /// Finds `finder`'s needle at or after `from`, reading more as needed. Returns the index in
    /// `buf`, or `None` at end of stream; `Err(Some(..))` when the search passed `limit` bytes.
    fn find(
        &mut self,
        which: bool,
        from: usize,
        limit: usize,
    ) -> Result<Option<usize>, io::Result<()>> {
        let mut scan = from;
        loop {
            let finder = if which { &self.open } else { &self.close };
            if let Some(i) = finder.find(&self.buf[self.start + scan..]) {
                return Ok(Some(scan + i));
            }
            scan = self.len().saturating_sub(7).max(from);
            if self.len() > limit {
                return Err(Ok(()));
            }
            match self.fill() {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(e) => return Err(Err(e)),
            }
        }
    }

    fn fault(&self, message: String, at: usize, fatal: bool) -> StreamFault {
        let line = self.base_line
            + memchr::memchr_iter(b'\n', &self.data()[..at.min(self.len())]).count() as u64;
        StreamFault {
            message,
            offset: self.base + at as u64,
            line,
            fatal,
        }
    }

    /// Start of the run of spaces/tabs (and one newline) right before `i`.
    fn indent_start(&self, floor: usize, i: usize) -> usize {
        let d = self.data();
        let mut s = i;
        while s > floor && matches!(d[s - 1], b' ' | b'\t') {
            s -= 1;
        }
        if s > floor && d[s - 1] == b'\n' {
            s -= 1;
            if s > floor && d[s - 1] == b'\r' {
                s -= 1;
            }
        }
        s
    }

    /// Skips to just after the next `</page>` (a page too large to hold).
    fn skip_page(&mut self) -> Result<(), StreamFault> {
        loop {
            if let Some(i) = self.close.find(self.data()) {
                self.discard(i + 7);
                return Ok(());
            }
            let keep = self.len().saturating_sub(6);
            self.discard(keep);
            match self.fill() {
                Ok(true) => {}
                Ok(false) => {
                    return Err(self.fault(
                        "the dump ends inside a page (truncated file?)".into(),
                        0,
                        true,
                    ));
                }
                Err(e) => return Err(self.fault(format!("read error: {e}"), 0, true)),
            }
        }
    }

    fn next_piece(&mut self) -> Option<Result<Piece, StreamFault>> {
        match self.state {
            State::Done => None,
            State::Header => {
                match self.find(true, 0, MAX_PIECE) {
                    Ok(Some(i)) => {
                        let start = self.indent_start(0, i);
                        self.state = State::Pages;
                        let head = self.take(start);
                        if memmem::find(&head, b"<mediawiki").is_none() {
                            self.state = State::Done;
                            return Some(Err(StreamFault {
                                message: "not a MediaWiki XML export (no <mediawiki> element before the first page)".into(),
                                offset: 0,
                                line: 1,
                                fatal: true,
                            }));
                        }
                        Some(Ok(Piece::Header(head)))
                    }
                    Ok(None) => {
                        // No pages at all: header and footer around `</mediawiki>`.
                        self.state = State::Done;
                        let all = self.take(self.len());
                        if memmem::find(&all, b"<mediawiki").is_none() {
                            return Some(Err(StreamFault {
                                message: "not a MediaWiki XML export (no <mediawiki> element)"
                                    .into(),
                                offset: 0,
                                line: 1,
                                fatal: true,
                            }));
                        }
                        match memmem::rfind(&all, b"</mediawiki>") {
                            Some(j) => {
                                let start = {
                                    let mut s = j;
                                    while s > 0 && all[s - 1].is_ascii_whitespace() {
                                        s -= 1;
                                    }
                                    s
                                };
                                // Return the header now, keep the footer for the next call.
                                self.buf = all[start..].to_vec();
                                self.start = 0;
                                self.base -= self.buf.len() as u64;
                                self.base_line -=
                                    memchr::memchr_iter(b'\n', &self.buf).count() as u64;
                                self.state = State::Pages;
                                Some(Ok(Piece::Header(all[..start].to_vec())))
                            }
                            None => Some(Err(StreamFault {
                                message: "the dump ends before </mediawiki> (truncated file?)"
                                    .into(),
                                offset: self.base,
                                line: self.base_line,
                                fatal: true,
                            })),
                        }
                    }
                    Err(Ok(())) => {
                        self.state = State::Done;
                        Some(Err(self.fault(
                            format!(
                                "no <page> in the first {} MB: not a MediaWiki XML export?",
                                MAX_PIECE >> 20
                            ),
                            0,
                            true,
                        )))
                    }
                    Err(Err(e)) => {
                        self.state = State::Done;
                        Some(Err(self.fault(
                            format!("read error: {e}"),
                            self.len(),
                            true,
                        )))
                    }
                }
            }
            State::Pages => {
                match self.find(true, 0, MAX_PIECE) {
                    Ok(Some(i)) => {
                        let start = self.indent_start(0, i);
                        if self.data()[..start]
                            .iter()
                            .any(|b| !b.is_ascii_whitespace())
                        {
                            return Some(Ok(Piece::Between(self.take(start))));
                        }
                        // Find the end of this page.
                        match self.find(false, i + 6, MAX_PIECE) {
                            Ok(Some(j)) => {
                                let offset = self.base;
                                let line = self.base_line;
                                let bytes = self.take(j + 7);
                                Some(Ok(Piece::Page(PageChunk {
                                    bytes,
                                    offset,
                                    line,
                                })))
                            }
                            Ok(None) => {
                                self.state = State::Done;
                                Some(Err(self.fault(
                                    "the dump ends inside a page (truncated file?)".into(),
                                    i,
                                    true,
                                )))
                            }
                            Err(Ok(())) => {
                                let f = self.fault(
                                    format!("page larger than {} MB, skipped", MAX_PIECE >> 20),
                                    i,
                                    false,
                                );
                                self.discard(i);
                                if let Err(fatal) = self.skip_page() {
                                    self.state = State::Done;
                                    return Some(Err(fatal));
                                }
                                Some(Err(f))
                            }
                            Err(Err(e)) => {
                                self.state = State::Done;
                                Some(Err(self.fault(
                                    format!("read error: {e}"),
                                    self.len(),
                                    true,
                                )))
                            }
                        }
                    }
                    Ok(None) => {
                        self.state = State::Done;
                        let rest = self.take(self.len());
                        if memmem::find(&rest, b"</mediawiki>").is_none() {
                            return Some(Err(StreamFault {
                                message: "the dump ends before </mediawiki> (truncated file?)"
                                    .into(),
                                offset: self.base,
                                line: self.base_line,
                                fatal: true,
                            }));
                        }
                        Some(Ok(Piece::Footer(rest)))
                    }
                    Err(Ok(())) => {
                        self.state = State::Done;
                        Some(Err(self.fault(
                            format!("more than {} MB between two pages", MAX_PIECE >> 20),
                            0,
                            true,
                        )))
                    }
                    Err(Err(e)) => {
                        self.state = State::Done;
                        Some(Err(self.fault(
                            format!("read error: {e}"),
                            self.len(),
                            true,
                        )))
                    }
                }
            }
        }
    }
}

impl<R: Read> Iterator for Splitter<R> {
    type Item = Result<Piece, StreamFault>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_piece()
    }
}

/// One revision's text in a parsed page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionText {
    /// The revision's `<model>` (`wikitext` when absent).
    pub model: String,
    /// The `<text …>` start tag (or the whole empty element `<text …/>`).
    pub start_tag: Range<usize>,
    /// The escaped content (empty for `<text/>`).
    pub content: Range<usize>,
    /// The unescaped content.
    pub text: String,
    /// The revision's `<sha1>…</sha1>` or `<sha1/>` element.
    pub sha1: Option<Range<usize>>,
}

/// A parsed page: what the runner needs to convert it and to report on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub title: String,
    pub ns: Option<String>,
    pub id: Option<String>,
    pub revisions: Vec<RevisionText>,
}

/// Why a page could not be parsed, and where (byte offset in the chunk).
#[derive(Debug, PartialEq, Eq)]
pub struct PageError {
    pub message: String,
    pub at: usize,
}

/// The title of a page chunk, found without parsing the page (for sharding and messages).
pub fn quick_title(chunk: &[u8]) -> Option<String> {
    let s = memmem::find(chunk, b"<title>")? + 7;
    let e = s + memmem::find(&chunk[s..], b"</title>")?;
    let raw = std::str::from_utf8(&chunk[s..e]).ok()?;
    quick_xml::escape::unescape(raw)
        .ok()
        .map(|c| c.into_owned())
}

/// A revision being read: its model, its text (start tag and content ranges), its sha1.
type OpenRevision = (
    Option<String>,
    Option<(Range<usize>, Range<usize>)>,
    Option<Range<usize>>,
);

/// Parses one `<page>` chunk.
pub fn parse_page(chunk: &[u8]) -> Result<Page, PageError> {
    use quick_xml::events::Event;

    if let Err(e) = crate::io::utf8::from_utf8(chunk) {
        return Err(PageError {
            message: "invalid UTF-8".into(),
            at: e.valid_up_to(),
        });
    }
    let mut reader = quick_xml::Reader::from_reader(chunk);
    // End tags are matched below, with a message that names both elements.
    reader.config_mut().check_end_names = false;
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut page = Page::default();
    let mut have_title = false;
    // Content start of the element on top of the stack.
    let mut content_start = 0usize;
    let mut text_tag: Option<Range<usize>> = None;
    let mut rev: Option<OpenRevision> = None;
    let mut sha1_start = 0usize;
    let mut saw_page = false;
    let err = |message: String, at: usize| PageError { message, at };
    let content = |r: Range<usize>| -> Result<String, PageError> {
        let raw = crate::io::utf8::from_utf8(&chunk[r.clone()]).map_err(|_| PageError {
            message: "invalid UTF-8".into(),
            at: r.start,
        })?;
        quick_xml::escape::unescape(raw)
            .map(|c| c.into_owned())
            .map_err(|e| PageError {
                message: format!("bad character reference: {e}"),
                at: r.start,
            })
    };
    loop {
        let before = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                return Err(err(
                    format!("malformed XML: {e}"),
                    reader.error_position() as usize,
                ));
            }
        };
        let after = reader.buffer_position() as usize;
        match ev {
            Event::Start(s) => {
                let name = s.name().as_ref().to_vec();
                if stack.is_empty() {
                    if name != b"page" || saw_page {
                        return Err(err("expected one <page> element".into(), before));
                    }
                    saw_page = true;
                }
                match (stack.len(), name.as_slice()) {
                    (1, b"revision") => rev = Some((None, None, None)),
                    (2, b"text") if stack[1] == b"revision" => text_tag = Some(before..after),
                    (2, b"sha1") if stack[1] == b"revision" => sha1_start = before,
                    _ => {}
                }
                stack.push(name);
                content_start = after;
            }
            Event::Empty(s) => {
                let qname = s.name();
                let name = qname.as_ref();
                if stack.is_empty() {
                    return Err(err("expected one <page> element".into(), before));
                }
                if stack.len() == 2
                    && stack[1] == b"revision"
                    && let Some(r) = rev.as_mut()
                {
                    match name {
                        b"text" => r.1 = Some((before..after, after..after)),
                        b"sha1" => r.2 = Some(before..after),
                        _ => {}
                    }
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_vec();
                let Some(open) = stack.pop() else {
                    return Err(err("unexpected end tag".into(), before));
                };
                if open != name {
                    return Err(err(
                        format!(
                            "</{}> closes <{}>",
                            String::from_utf8_lossy(&name),
                            String::from_utf8_lossy(&open)
                        ),
                        before,
                    ));
                }
                match (stack.len(), name.as_slice()) {
                    (1, b"title") => {
                        page.title = content(content_start..before)?;
                        have_title = true;
                    }
                    (1, b"ns") => page.ns = Some(content(content_start..before)?),
                    (1, b"id") => page.id = Some(content(content_start..before)?),
                    (2, b"model") if stack[1] == b"revision" => {
                        if let Some(r) = rev.as_mut() {
                            r.0 = Some(content(content_start..before)?);
                        }
                    }
                    (2, b"text") if stack[1] == b"revision" => {
                        if let (Some(r), Some(tag)) = (rev.as_mut(), text_tag.take()) {
                            r.1 = Some((tag.clone(), tag.end..before));
                        }
                    }
                    (2, b"sha1") if stack[1] == b"revision" => {
                        if let Some(r) = rev.as_mut() {
                            r.2 = Some(sha1_start..after);
                        }
                    }
                    (1, b"revision") => {
                        if let Some((model, text, sha1)) = rev.take()
                            && let Some((start_tag, content_range)) = text
                        {
                            let text = content(content_range.clone())?;
                            page.revisions.push(RevisionText {
                                model: model.unwrap_or_else(|| "wikitext".into()),
                                start_tag,
                                content: content_range,
                                text,
                                sha1,
                            });
                        }
                    }
                    _ => {}
                }
                // Content of the parent continues after this end tag; only leaf contents are
                // read, so nothing more is needed here.
            }
            Event::Text(t) if stack.is_empty() && t.iter().any(|b| !b.is_ascii_whitespace()) => {
                return Err(err("text outside <page>".into(), before));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(err(
            format!(
                "<{}> is not closed",
                String::from_utf8_lossy(&stack[stack.len() - 1])
            ),
            chunk.len(),
        ));
    }
    if !have_title {
        return Err(err("page without <title>".into(), 0));
    }
    Ok(page)
}

/// The page with the given revisions' texts replaced (`None` = unchanged). Every other byte is
/// copied; a changed text gets a new `bytes="…"` and `<sha1/>`.
pub fn rewrite_page(chunk: &[u8], page: &Page, texts: &[Option<&str>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(chunk.len() + chunk.len() / 8);
    let mut at = 0;
    for (rev, new) in page.revisions.iter().zip(texts) {
        let Some(new) = new else { continue };
        if *new == rev.text {
            continue;
        }
        // Start tag with its bytes attribute updated.
        out.extend_from_slice(&chunk[at..rev.start_tag.start]);
        let tag = &chunk[rev.start_tag.clone()];
        let empty_element = rev.content.is_empty() && tag.ends_with(b"/>");
        let tag_head: &[u8] = if empty_element {
            // `<text …/>` becomes `<text …>` + content + `</text>`.
            let mut t = &tag[..tag.len() - 2];
            while t.last().is_some_and(|b| b.is_ascii_whitespace()) {
                t = &t[..t.len() - 1];
            }
            t
        } else {
            &tag[..tag.len() - 1]
        };
        write_bytes_attr(&mut out, tag_head, new.len());
        out.push(b'>');
        escape_text_into(&mut out, new);
        if empty_element {
            out.extend_from_slice(b"</text>");
            at = rev.start_tag.end;
        } else {
            at = rev.content.end;
        }
        if let Some(sha1) = &rev.sha1
            && sha1.start >= at
        {
            out.extend_from_slice(&chunk[at..sha1.start]);
            out.extend_from_slice(b"<sha1/>");
            at = sha1.end;
        }
    }
    out.extend_from_slice(&chunk[at..]);
    out
}

/// Copies a start tag head (`<text a="1" bytes="5"`), replacing the value of `bytes`.
fn write_bytes_attr(out: &mut Vec<u8>, head: &[u8], len: usize) {
    if let Some(i) = memmem::find(head, b" bytes=\"")
        && let Some(j) = memchr::memchr(b'"', &head[i + 8..])
    {
        out.extend_from_slice(&head[..i + 8]);
        out.extend_from_slice(len.to_string().as_bytes());
        out.extend_from_slice(&head[i + 8 + j..]);
    } else {
        out.extend_from_slice(head);
    }
}

/// Escapes text content as MediaWiki does (`& < > "`), plus `\r` as `&#13;` so an XML parser
/// does not fold line ends.
pub fn escape_text_into(out: &mut Vec<u8>, s: &str) {
    super::escape::xml_text_into(out, s);
}

/// The start of an export made by tongwen (no `<siteinfo>`: it would need the wiki's namespace
/// table, which tongwen does not know).
pub fn synth_header(lang: &str) -> Vec<u8> {
    format!(
        "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.mediawiki.org/xml/export-0.11/ http://www.mediawiki.org/xml/export-0.11.xsd\" version=\"0.11\" xml:lang=\"{lang}\">\n"
    )
    .into_bytes()
}

/// The end of an export.
pub const SYNTH_FOOTER: &[u8] = b"</mediawiki>\n";

/// One page of an export made by tongwen. `wikitext` selects the content model (`wikitext`,
/// else `text`); `timestamp` is ISO 8601 UTC.
pub fn synth_page(
    out: &mut Vec<u8>,
    title: &str,
    id: u64,
    timestamp: &str,
    wikitext: bool,
    text: &str,
) {
    out.extend_from_slice(b"  <page>\n    <title>");
    escape_text_into(out, title);
    out.extend_from_slice(
        format!(
            "</title>\n    <ns>0</ns>\n    <id>{id}</id>\n    <revision>\n      <id>{id}</id>\n      <timestamp>{timestamp}</timestamp>\n      <contributor>\n        <username>tongwen</username>\n      </contributor>\n      <model>{}</model>\n      <format>{}</format>\n      <text bytes=\"{}\" xml:space=\"preserve\">",
            if wikitext { "wikitext" } else { "text" },
            if wikitext { "text/x-wiki" } else { "text/plain" },
            text.len()
        )
        .as_bytes(),
    );
    escape_text_into(out, text);
    out.extend_from_slice(b"</text>\n      <sha1/>\n    </revision>\n  </page>\n");
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso8601(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = concat!(
        "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" version=\"0.11\" xml:lang=\"zh\">\n",
        "  <siteinfo>\n    <sitename>測試</sitename>\n  </siteinfo>\n",
        "  <page>\n    <title>软件 &amp; 硬件</title>\n    <ns>0</ns>\n    <id>5</id>\n",
        "    <revision>\n      <id>50</id>\n      <model>wikitext</model>\n",
        "      <text bytes=\"12\" xml:space=\"preserve\">内存&lt;br&gt;</text>\n      <sha1>abc</sha1>\n",
        "    </revision>\n  </page>\n",
        "  <logitem><id>1</id></logitem>\n",
        "  <page>\n    <title>空</title>\n    <ns>0</ns>\n    <id>6</id>\n",
        "    <revision>\n      <id>60</id>\n      <text bytes=\"0\" />\n      <sha1>x</sha1>\n    </revision>\n  </page>\n",
        "</mediawiki>\n",
    );

    fn pieces(data: &[u8]) -> Vec<Result<Piece, StreamFault>> {
        Splitter::new(data).collect()
    }

    #[test]
    fn splits_pages_and_keeps_every_byte() {
        let ps = pieces(DUMP.as_bytes());
        let mut joined = Vec::new();
        let mut kinds = Vec::new();
        for p in &ps {
            match p.as_ref().unwrap() {
                Piece::Header(b) => {
                    kinds.push("header");
                    joined.extend_from_slice(b)
                }
                Piece::Page(c) => {
                    kinds.push("page");
                    assert_eq!(c.offset as usize, joined.len());
                    joined.extend_from_slice(&c.bytes)
                }
                Piece::Between(b) => {
                    kinds.push("between");
                    joined.extend_from_slice(b)
                }
                Piece::Footer(b) => {
                    kinds.push("footer");
                    joined.extend_from_slice(b)
                }
            }
        }
        assert_eq!(kinds, ["header", "page", "between", "page", "footer"]);
        assert_eq!(joined, DUMP.as_bytes());
        let Ok(Piece::Page(first)) = &ps[1] else {
            panic!()
        };
        assert_eq!(first.line, 4);
        assert!(first.bytes.starts_with(b"\n  <page>"));
    }

    #[test]
    fn pieces_do_not_keep_the_read_buffer_alive() {
        // Many small pages read through one large buffer: each page owns only its bytes (the
        // runner bounds memory by piece lengths, so capacities must follow them).
        let mut dump = String::from("<mediawiki>\n");
        for i in 0..2000 {
            dump.push_str(&format!(
                "  <page><title>p{i}</title><revision><text>软件</text></revision></page>\n"
            ));
        }
        dump.push_str("</mediawiki>\n");
        let mut pages = 0;
        for p in Splitter::new(dump.as_bytes()) {
            let b = match p.unwrap() {
                Piece::Page(c) => {
                    pages += 1;
                    c.bytes
                }
                Piece::Header(b) | Piece::Between(b) | Piece::Footer(b) => b,
            };
            assert!(
                b.capacity() <= b.len() + 16,
                "{} > {}",
                b.capacity(),
                b.len()
            );
        }
        assert_eq!(pages, 2000);
    }

    #[test]
    fn parses_and_rewrites_a_page() {
        let ps = pieces(DUMP.as_bytes());
        let Ok(Piece::Page(c)) = &ps[1] else { panic!() };
        let page = parse_page(&c.bytes).unwrap();
        assert_eq!(page.title, "软件 & 硬件");
        assert_eq!(page.ns.as_deref(), Some("0"));
        assert_eq!(page.id.as_deref(), Some("5"));
        assert_eq!(page.revisions.len(), 1);
        assert_eq!(page.revisions[0].text, "内存<br>");
        assert_eq!(page.revisions[0].model, "wikitext");
        let out = rewrite_page(&c.bytes, &page, &[Some("記憶體<br>\r\"")]);
        let expect = String::from_utf8(c.bytes.clone())
            .unwrap()
            .replace("<text bytes=\"12\" xml:space=\"preserve\">内存&lt;br&gt;</text>\n      <sha1>abc</sha1>",
                     "<text bytes=\"15\" xml:space=\"preserve\">記憶體&lt;br&gt;&#13;&quot;</text>\n      <sha1/>");
        assert_eq!(String::from_utf8(out.clone()).unwrap(), expect);
        assert_eq!(
            parse_page(&out).unwrap().revisions[0].text,
            "記憶體<br>\r\""
        );
        // Unchanged text: identical bytes.
        assert_eq!(rewrite_page(&c.bytes, &page, &[Some("内存<br>")]), c.bytes);
        // The empty text element.
        let Ok(Piece::Page(c2)) = &ps[3] else {
            panic!()
        };
        let p2 = parse_page(&c2.bytes).unwrap();
        assert_eq!(p2.revisions[0].text, "");
        assert_eq!(rewrite_page(&c2.bytes, &p2, &[Some("")]), c2.bytes);
    }

    #[test]
    fn broken_pages() {
        let e =
            parse_page(b"<page><title>a</title><revision><text>x</revision></page>").unwrap_err();
        assert!(
            e.message.starts_with("</revision> closes <text>")
                || e.message.starts_with("malformed XML"),
            "{}",
            e.message
        );
        let e = parse_page(b"<page><title>a &bogus; b</title></page>").unwrap_err();
        assert!(
            e.message.starts_with("bad character reference"),
            "{}",
            e.message
        );
        assert_eq!(e.at, 13);
        let e = parse_page(b"<page><ns>0</ns></page>").unwrap_err();
        assert_eq!(e.message, "page without <title>");
        let e = parse_page(b"<page><title>\xff</title></page>").unwrap_err();
        assert_eq!((e.message.as_str(), e.at), ("invalid UTF-8", 13));
    }

    #[test]
    fn stream_faults() {
        let truncated = &DUMP.as_bytes()[..DUMP.find("<sha1>abc").unwrap()];
        let ps = pieces(truncated);
        assert!(matches!(ps[0], Ok(Piece::Header(_))));
        let f = ps[1].as_ref().unwrap_err();
        assert_eq!(f.message, "the dump ends inside a page (truncated file?)");
        assert_eq!(f.line, 5);
        assert!(f.fatal);
        let ps = pieces(b"hello world");
        assert!(
            ps[0]
                .as_ref()
                .unwrap_err()
                .message
                .starts_with("not a MediaWiki XML export")
        );
        let empty = "<mediawiki version=\"0.11\">\n  <siteinfo/>\n</mediawiki>\n";
        let ps = pieces(empty.as_bytes());
        assert_eq!(ps.len(), 2, "{ps:?}");
        assert_eq!(
            ps[0],
            Ok(Piece::Header(
                b"<mediawiki version=\"0.11\">\n  <siteinfo/>".to_vec()
            ))
        );
        assert_eq!(ps[1], Ok(Piece::Footer(b"\n</mediawiki>\n".to_vec())));
    }

    #[test]
    fn quick_titles_and_dates() {
        assert_eq!(
            quick_title(b"<page><title>A &amp; B</title>").as_deref(),
            Some("A & B")
        );
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn synthesised_export_parses() {
        let mut out = synth_header("zh-tw");
        let mut page = Vec::new();
        synth_page(&mut page, "A<b>", 3, "2000-01-01T00:00:00Z", true, "x & y");
        let p = parse_page(&page).unwrap();
        assert_eq!(p.title, "A<b>");
        assert_eq!(p.revisions[0].text, "x & y");
        out.extend_from_slice(&page);
        out.extend_from_slice(SYNTH_FOOTER);
        let ps = pieces(&out);
        assert_eq!(ps.len(), 3);
    }
}
