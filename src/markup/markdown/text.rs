//! Visible text runs: bare URLs and `options.keep_patterns` matches inside them are kept.
//!
//! A bare URL (`https://zh.wikipedia.org/wiki/软件` typed as text) is kept, as MediaWiki never
//! converts free URLs. It starts with a known scheme and `://` (or `mailto:`) not glued to a
//! preceding letter or digit, runs to whitespace, one of `<>"[]{}|\^` and backtick, a CJK
//! punctuation mark or the end of the run, and loses trailing `.,;:!?'` (and unbalanced `)`), like a wiki's free link.

use std::ops::Range;

const SCHEMES: &[&str] = &[
    "https",
    "http",
    "ftps",
    "ftp",
    "sftp",
    "git",
    "svn",
    "ssh",
    "ircs",
    "irc",
    "news",
    "nntp",
    "telnet",
    "gopher",
    "mms",
    "worldwind",
    "xmpp",
    "redis",
];

/// The kept pieces of the visible run `run`: bare URLs and pattern matches, sorted, merged.
pub(super) fn kept_in_run(
    src: &str,
    run: Range<usize>,
    patterns: &[regex::Regex],
) -> Vec<Range<usize>> {
    let text = &src[run.clone()];
    let mut keep = Vec::new();
    urls(text, &mut keep);
    for re in patterns {
        keep.extend(re.find_iter(text).map(|m| m.range()));
    }
    if keep.is_empty() {
        return keep;
    }
    keep.sort_unstable_by_key(|r| r.start);
    super::ranges::merge_sorted(keep)
        .into_iter()
        .map(|r| r.start + run.start..r.end + run.start)
        .collect()
}

fn urls(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut last_end = 0;
    for colon in memchr::memchr_iter(b':', bytes) {
        if colon < last_end {
            continue;
        }
        let Some(start) = scheme_start(bytes, colon) else {
            continue;
        };
        let body = if bytes[colon + 1..].starts_with(b"//") {
            colon + 3
        } else {
            colon + 1
        };
        let end = url_end(text, body);
        if end > body {
            out.push(start..end);
            last_end = end;
        }
    }
}

/// Where the scheme ending right before the `:` at `colon` starts, if it is a URL scheme
/// followed by `//` (or `mailto:`), not glued to a preceding ASCII letter or digit.
fn scheme_start(bytes: &[u8], colon: usize) -> Option<usize> {
    let slashes = bytes[colon + 1..].starts_with(b"//");
    let word_start = bytes[..colon]
        .iter()
        .rposition(|b| !b.is_ascii_alphanumeric())
        .map_or(0, |p| p + 1);
    let word = &bytes[word_start..colon];
    let known = if slashes {
        SCHEMES.iter().find(|s| {
            word.len() >= s.len() && word[word.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
        })
    } else {
        ["mailto"].iter().find(|s| {
            word.len() >= s.len() && word[word.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
        })
    }?;
    // The scheme must be the whole ASCII word: `seehttp://` is not a URL start.
    (word.len() == known.len()).then_some(colon - known.len())
}

fn url_end(text: &str, from: usize) -> usize {
    let mut end = from;
    for (i, c) in text[from..].char_indices() {
        let stop = match c {
            c if c.is_whitespace() || c.is_control() => true,
            '<' | '>' | '"' | '[' | ']' | '{' | '}' | '|' | '\\' | '^' | '`' => true,
            '\u{3000}'..='\u{303F}' | '\u{2010}'..='\u{2027}' | '\u{FF00}'..='\u{FFEF}' => true,
            _ => false,
        };
        if stop {
            break;
        }
        end = from + i + c.len_utf8();
    }
    let mut url = &text[from..end];
    let opens = url.bytes().filter(|&b| b == b'(').count();
    let mut closes = url.bytes().filter(|&b| b == b')').count();
    while let Some(last) = url.bytes().last() {
        match last {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' => {}
            b')' if closes > opens => closes -= 1,
            _ => break,
        }
        url = &url[..url.len() - 1];
    }
    from + url.len()
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<&str> {
        kept_in_run(text, 0..text.len(), &[])
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn bare_urls() {
        assert_eq!(
            kept("见https://zh.wikipedia.org/wiki/软件。后"),
            vec!["https://zh.wikipedia.org/wiki/软件"]
        );
        assert_eq!(
            kept("(see http://x.org/a_(b)), ok"),
            vec!["http://x.org/a_(b)"]
        );
        assert_eq!(kept("站点http://x.org/."), vec!["http://x.org/"]);
        assert_eq!(kept("写信mailto:a@b.org，或"), vec!["mailto:a@b.org"]);
        assert_eq!(kept("seehttp://x.org 与 时间12:30"), Vec::<&str>::new());
        assert_eq!(kept("http:// 空"), Vec::<&str>::new());
    }

    #[test]
    fn patterns() {
        let re = regex::Regex::new("乾隆|ISBN [0-9-]+").unwrap();
        let text = "乾隆年间，ISBN 978-7 与 http://a.org";
        let got: Vec<&str> = kept_in_run(text, 0..text.len(), &[re])
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(got, vec!["乾隆", "ISBN 978-7", "http://a.org"]);
    }
}
