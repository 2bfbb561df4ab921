//! Which link labels and image alt texts are kept rather than converted.
//!
//! A label is normally visible text (converted; the destination and title are always kept).
//! It is kept when it is not prose but a name that must match something else:
//! - a shortcut or collapsed reference link (`[软件]`, `[软件][]`): the label is the key of a
//!   reference definition, which is kept, so converting it would break the link;
//! - a category link, `[Category:微軟](…)` (notes M6: the wiki shows categories in a box of its
//!   own; the export turns them into links at the end of the page);
//! - a label starting with a namespace prefix for files (`File:`, `文件:`, …), or one that is the
//!   file name of a `File:` destination (`[台中.jpg](…/wiki/File:台中.jpg "fig:台中.jpg")`),
//!   or an image alt text that is the image's file name;
//! - an interlanguage link whose label repeats the destination's language prefix,
//!   `[it:Video Graphics Array](…/wiki/it:Video_Graphics_Array …)`.

use pulldown_cmark::LinkType;

/// Category namespace names as the export writes them (case-insensitive for ASCII).
const CATEGORY_PREFIXES: &[&str] = &["category:", "分类:", "分類:"];

/// File namespace names and aliases on zh.wikipedia.
const FILE_PREFIXES: &[&str] = &[
    "file:", "image:", "media:", "文件:", "檔案:", "档案:", "图像:", "圖像:", "图片:", "圖片:",
    "媒体:", "媒體:",
];

pub(super) fn keep_label(is_image: bool, link_type: LinkType, label: &str, dest: &str) -> bool {
    if matches!(
        link_type,
        LinkType::Shortcut
            | LinkType::ShortcutUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown
    ) {
        return true;
    }
    let label = label.trim();
    let label_has_colon = memchr::memchr(b':', label.as_bytes()).is_some();
    // Without a colon, only a file name can be kept, and a file name has an extension.
    if !label_has_colon && memchr::memchr(b'.', label.as_bytes()).is_none() {
        return false;
    }
    // The last path segment: a file name never contains `/`.
    let last = dest.rsplit('/').next().unwrap_or(dest);
    if is_image {
        return same_name(label, last);
    }
    if !label_has_colon {
        // Only a file name can be kept now, and only for a `File:` destination.
        if memchr::memchr(b':', last.as_bytes()).is_none() {
            return false;
        }
        let page = page_name(dest);
        return strip_any(page, FILE_PREFIXES).is_some_and(|name| same_name(label, name));
    }
    if starts_with_any(label, CATEGORY_PREFIXES) || starts_with_any(label, FILE_PREFIXES) {
        return true;
    }
    let page = page_name(dest);
    if let Some(name) = strip_any(page, FILE_PREFIXES) {
        return !label.is_empty() && same_name(label, name);
    }
    if let Some(prefix) = language_prefix(label) {
        return page
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix));
    }
    false
}

/// The wiki page a destination points at: what follows `/wiki/` or `Page/` (without `.md`),
/// or the last path segment; no `#fragment`.
fn page_name(dest: &str) -> &str {
    let dest = dest.split('#').next().unwrap_or(dest);
    if let Some(i) = dest.find("/wiki/") {
        &dest[i + "/wiki/".len()..]
    } else if let Some(i) = dest.rfind("Page/") {
        let p = &dest[i + "Page/".len()..];
        p.strip_suffix(".md").unwrap_or(p)
    } else {
        dest.rsplit('/').next().unwrap_or(dest)
    }
}

fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    strip_any(s, prefixes).is_some()
}

fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| {
        let head = s.get(..p.len())?;
        head.eq_ignore_ascii_case(p).then(|| &s[p.len()..])
    })
}

/// `it:`, `zh-yue:`, `be-x-old:` at the start of a label: 2–3 ASCII lowercase letters, then
/// optional `-part`s, then a colon.
fn language_prefix(label: &str) -> Option<&str> {
    let colon = label.find(':')?;
    let code = &label[..colon];
    let mut parts = code.split('-');
    let first = parts.next()?;
    let ok = (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    ok.then(|| &label[..=colon])
}

/// File names compare with `_` and space equal, and ignoring a backslash before ASCII
/// punctuation (a Markdown escape in the label) and surrounding whitespace.
fn same_name(label: &str, name: &str) -> bool {
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        let mut chars = s.trim().chars().peekable();
        std::iter::from_fn(move || {
            loop {
                let c = chars.next()?;
                match c {
                    '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => continue,
                    '_' | '\n' | '\r' | '\t' => return Some(' '),
                    c => return Some(c),
                }
            }
        })
    }
    norm(label).eq(norm(name))
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn inline(label: &str, dest: &str) -> bool {
        keep_label(false, LinkType::Inline, label, dest)
    }

    #[test]
    fn categories_and_files() {
        assert!(inline(
            "Category:電腦記憶體",
            "https://zh.wikipedia.org/wiki/Category:電腦記憶體"
        ));
        assert!(inline("分类:软件", "../Page/分类:软件.md"));
        assert!(inline("File:软件.png", "软件.png"));
        assert!(inline(
            "台中火車站週邊1944空照圖.jpg",
            "https://zh.wikipedia.org/wiki/File:台中火車站週邊1944空照圖.jpg"
        ));
        assert!(inline(
            "Scheme_$6,000_(Hong_Kong).jpg",
            "https://zh.wikipedia.org/wiki/File:Scheme_$6,000_(Hong_Kong).jpg"
        ));
        // A caption is prose.
        assert!(!inline(
            "缩略图",
            "https://zh.wikipedia.org/wiki/File:Bhutan_CIA_WFB_2010_map.png"
        ));
        assert!(!inline("硬盘", "../Page/硬盘.md"));
    }

    #[test]
    fn interlanguage() {
        assert!(inline(
            "it:Video Graphics Array\\#Connettore\nVGA",
            "https://zh.wikipedia.org/wiki/it:Video_Graphics_Array#Connettore_VGA"
        ));
        assert!(inline(
            "zh-yue:軟件",
            "https://zh.wikipedia.org/wiki/zh-yue:軟件"
        ));
        // A label with a colon that is not the destination's prefix is prose.
        assert!(!inline("注:软件", "https://zh.wikipedia.org/wiki/软件"));
        assert!(!inline(
            "wikt:软件",
            "https://zh.wikipedia.org/wiki/wikt:软件"
        ));
    }

    #[test]
    fn images_and_references() {
        assert!(keep_label(
            true,
            LinkType::Inline,
            "软件.png",
            "img/软件.png"
        ));
        assert!(!keep_label(
            true,
            LinkType::Inline,
            "软件界面",
            "img/软件.png"
        ));
        assert!(keep_label(false, LinkType::Shortcut, "软件", ""));
        assert!(keep_label(false, LinkType::Collapsed, "软件", ""));
        assert!(!keep_label(false, LinkType::Reference, "软件", "x"));
    }
}
