//! The vocabulary the wikitext scanner recognises: tags, namespace aliases (English and zh),
//! interlanguage prefixes, magic words, parser functions, file-link options and URL protocols.
//!
//! Everything is compared ASCII-case-insensitively (MediaWiki's namespace names and tag names
//! are case-insensitive); zh aliases are compared as written.

/// How the scanner treats an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagClass {
    /// Kept verbatim with its content (`<nowiki>`, `<math>`, `<pre>`, `<code>` …).
    Opaque,
    /// Tags kept, content parsed as wikitext on its own (`<ref>`, `<poem>`, `<references>` …).
    Region,
    /// `<gallery>`: content parsed line by line.
    Gallery,
    /// `<includeonly>`: kept with its content (not shown on the page); may run to the end.
    IncludeOnly,
    /// `<noinclude>`, `<onlyinclude>`: the tags alone are kept, the content is page text.
    Ignored,
    /// An HTML element MediaWiki allows; tag kept except `title=`/`alt=` values.
    Html,
}

impl TagClass {
    /// Whether the element has MediaWiki extension-tag semantics (opaque to the preprocessor,
    /// content up to the first matching close tag).
    pub fn is_extension(self) -> bool {
        matches!(
            self,
            TagClass::Opaque | TagClass::Region | TagClass::Gallery | TagClass::IncludeOnly
        )
    }
}

/// Extension elements with their class, by lower-case name; the index is the element's id.
const EXTENSIONS: &[(&str, TagClass)] = &[
    ("nowiki", TagClass::Opaque),
    ("pre", TagClass::Opaque),
    ("code", TagClass::Opaque),
    ("syntaxhighlight", TagClass::Opaque),
    ("source", TagClass::Opaque),
    ("math", TagClass::Opaque),
    ("chem", TagClass::Opaque),
    ("ce", TagClass::Opaque),
    ("score", TagClass::Opaque),
    ("timeline", TagClass::Opaque),
    ("templatedata", TagClass::Opaque),
    ("graph", TagClass::Opaque),
    ("mapframe", TagClass::Opaque),
    ("maplink", TagClass::Opaque),
    ("hiero", TagClass::Opaque),
    ("inputbox", TagClass::Opaque),
    ("categorytree", TagClass::Opaque),
    ("templatestyles", TagClass::Opaque),
    ("section", TagClass::Opaque),
    ("charinsert", TagClass::Opaque),
    ("imagemap", TagClass::Opaque),
    ("langconvert", TagClass::Opaque),
    ("rss", TagClass::Opaque),
    ("script", TagClass::Opaque),
    ("style", TagClass::Opaque),
    ("quiz", TagClass::Opaque),
    ("phonos", TagClass::Opaque),
    ("dynamicpagelist", TagClass::Opaque),
    ("ref", TagClass::Region),
    ("references", TagClass::Region),
    ("poem", TagClass::Region),
    ("indicator", TagClass::Region),
    ("gallery", TagClass::Gallery),
    ("includeonly", TagClass::IncludeOnly),
];

const HTML: &[&str] = &[
    "abbr",
    "b",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "data",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "link",
    "mark",
    "meta",
    "ol",
    "p",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "td",
    "th",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

fn among(list: &[&str], name: &[u8]) -> bool {
    list.iter()
        .any(|w| w.len() == name.len() && w.as_bytes().eq_ignore_ascii_case(name))
}

/// The id of an extension element (its index in `EXTENSIONS`).
pub fn extension_id(name: &[u8]) -> Option<u8> {
    if name.is_empty() || name.len() > 16 {
        return None;
    }
    EXTENSIONS
        .iter()
        .position(|(n, _)| n.len() == name.len() && n.as_bytes().eq_ignore_ascii_case(name))
        .map(|i| i as u8)
}

/// The class of an element name, `None` for names MediaWiki shows as text.
pub fn tag_class(name: &[u8]) -> Option<TagClass> {
    if name.is_empty() || name.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    for (d, s) in buf.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    let lower = &buf[..name.len()];
    // The commonest names first, without a list search.
    match lower {
        b"ref" | b"references" | b"poem" | b"indicator" => return Some(TagClass::Region),
        b"br" | b"span" | b"small" | b"sup" | b"sub" | b"div" | b"b" | b"i" | b"big"
        | b"center" => {
            return Some(TagClass::Html);
        }
        b"noinclude" | b"onlyinclude" => return Some(TagClass::Ignored),
        _ => {}
    }
    if let Some(id) = extension_id(lower) {
        Some(EXTENSIONS[id as usize].1)
    } else if HTML
        .iter()
        .any(|w| w.len() == lower.len() && w.as_bytes() == lower)
    {
        Some(TagClass::Html)
    } else {
        None
    }
}

/// Block-level elements: a leading-space line that contains one is not preformatted.
pub fn is_block_tag(name: &[u8]) -> bool {
    const BLOCK: &[&str] = &[
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "p",
        "ul",
        "ol",
        "dl",
        "li",
        "dt",
        "dd",
        "div",
        "blockquote",
        "center",
        "tr",
        "td",
        "th",
        "caption",
        "hr",
    ];
    among(BLOCK, name)
}

/// What a namespace prefix of a link target means to the scanner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Namespace {
    File,
    Category,
    /// Another namespace (Template, Help, User, …) or a Media: link: an ordinary link.
    Other,
}

const FILE_NS: &[&str] = &[
    "file", "image", "文件", "檔案", "档案", "图像", "圖像", "图片", "圖片", "影像", "文檔",
];
const MEDIA_NS: &[&str] = &["media", "媒体", "媒體", "媒体文件", "媒體檔案"];
const CATEGORY_NS: &[&str] = &["category", "分类", "分類", "类别", "類別"];
const OTHER_NS: &[&str] = &[
    "talk",
    "user",
    "user talk",
    "wikipedia",
    "wp",
    "project",
    "wikipedia talk",
    "file talk",
    "mediawiki",
    "template",
    "template talk",
    "help",
    "help talk",
    "category talk",
    "portal",
    "portal talk",
    "draft",
    "draft talk",
    "module",
    "module talk",
    "special",
    "wikiproject",
    "topic",
    "模板",
    "样板",
    "樣板",
    "维基百科",
    "維基百科",
    "帮助",
    "幫助",
    "主题",
    "主題",
    "用户",
    "用戶",
    "使用者",
    "特殊",
    "讨论",
    "討論",
    "模块",
    "模組",
    "草稿",
    "专题",
    "專題",
];

/// Compares a trimmed namespace prefix with a lower-case alias: `_` as space, ASCII case ignored.
fn ns_eq(p: &str, name: &str) -> bool {
    p.len() == name.len()
        && p.bytes().zip(name.bytes()).all(|(a, b)| {
            let a = if a == b'_' { b' ' } else { a };
            a.eq_ignore_ascii_case(&b)
        })
}

/// The namespace of a link-target prefix (the text before its first `:`), if it names one.
pub fn namespace(prefix: &str) -> Option<Namespace> {
    let p = prefix.trim_matches(|c: char| c == ' ' || c == '_' || c == '\t');
    if p.is_empty() || p.len() > 32 {
        return None;
    }
    if FILE_NS.iter().any(|n| ns_eq(p, n)) {
        Some(Namespace::File)
    } else if CATEGORY_NS.iter().any(|n| ns_eq(p, n)) {
        Some(Namespace::Category)
    } else if MEDIA_NS.iter().any(|n| ns_eq(p, n)) || OTHER_NS.iter().any(|n| ns_eq(p, n)) {
        Some(Namespace::Other)
    } else {
        None
    }
}

/// Wikipedia language-edition codes: `[[en:X]]` (no leading colon) is an interlanguage link.
const LANGS: &[&str] = &[
    "aa",
    "ab",
    "ace",
    "ady",
    "af",
    "ak",
    "als",
    "alt",
    "am",
    "ami",
    "an",
    "ang",
    "anp",
    "ar",
    "arc",
    "ary",
    "arz",
    "as",
    "ast",
    "atj",
    "av",
    "avk",
    "awa",
    "ay",
    "az",
    "azb",
    "ba",
    "ban",
    "bar",
    "bat-smg",
    "bbc",
    "bcl",
    "be",
    "be-tarask",
    "be-x-old",
    "bew",
    "bg",
    "bh",
    "bi",
    "bjn",
    "blk",
    "bm",
    "bn",
    "bo",
    "bpy",
    "br",
    "bs",
    "btm",
    "bug",
    "bxr",
    "ca",
    "cbk-zam",
    "cdo",
    "ce",
    "ceb",
    "ch",
    "cho",
    "chr",
    "chy",
    "ckb",
    "co",
    "cr",
    "crh",
    "cs",
    "csb",
    "cu",
    "cv",
    "cy",
    "da",
    "dag",
    "de",
    "dga",
    "din",
    "diq",
    "dsb",
    "dty",
    "dv",
    "dz",
    "ee",
    "el",
    "eml",
    "en",
    "eo",
    "es",
    "et",
    "eu",
    "ext",
    "fa",
    "fat",
    "ff",
    "fi",
    "fiu-vro",
    "fj",
    "fo",
    "fon",
    "fr",
    "frp",
    "frr",
    "fur",
    "fy",
    "ga",
    "gag",
    "gan",
    "gcr",
    "gd",
    "gl",
    "glk",
    "gn",
    "gom",
    "gor",
    "got",
    "gpe",
    "gu",
    "guc",
    "gur",
    "guw",
    "gv",
    "ha",
    "hak",
    "haw",
    "he",
    "hi",
    "hif",
    "ho",
    "hr",
    "hsb",
    "ht",
    "hu",
    "hy",
    "hyw",
    "hz",
    "ia",
    "iba",
    "id",
    "ie",
    "ig",
    "igl",
    "ii",
    "ik",
    "ilo",
    "inh",
    "io",
    "is",
    "it",
    "iu",
    "ja",
    "jam",
    "jbo",
    "jv",
    "ka",
    "kaa",
    "kab",
    "kbd",
    "kbp",
    "kcg",
    "kg",
    "kge",
    "ki",
    "kj",
    "kk",
    "kl",
    "km",
    "kn",
    "knc",
    "ko",
    "koi",
    "kr",
    "krc",
    "ks",
    "ksh",
    "ku",
    "kus",
    "kv",
    "kw",
    "ky",
    "la",
    "lad",
    "lb",
    "lbe",
    "lez",
    "lfn",
    "lg",
    "li",
    "lij",
    "lld",
    "lmo",
    "ln",
    "lo",
    "lrc",
    "lt",
    "ltg",
    "lv",
    "lzh",
    "mad",
    "mai",
    "map-bms",
    "mdf",
    "mg",
    "mh",
    "mhr",
    "mi",
    "min",
    "mk",
    "ml",
    "mn",
    "mni",
    "mnw",
    "mo",
    "mos",
    "mr",
    "mrj",
    "ms",
    "mt",
    "mus",
    "mwl",
    "my",
    "myv",
    "mzn",
    "na",
    "nah",
    "nan",
    "nap",
    "nds",
    "nds-nl",
    "ne",
    "new",
    "ng",
    "nia",
    "nl",
    "nn",
    "no",
    "nov",
    "nqo",
    "nr",
    "nrm",
    "nso",
    "nv",
    "ny",
    "oc",
    "olo",
    "om",
    "or",
    "os",
    "pa",
    "pag",
    "pam",
    "pap",
    "pcd",
    "pcm",
    "pdc",
    "pfl",
    "pi",
    "pih",
    "pl",
    "pms",
    "pnb",
    "pnt",
    "ps",
    "pt",
    "pwn",
    "qu",
    "rm",
    "rmy",
    "rn",
    "ro",
    "roa-rup",
    "roa-tara",
    "rsk",
    "ru",
    "rue",
    "rup",
    "rw",
    "sa",
    "sah",
    "sat",
    "sc",
    "scn",
    "sco",
    "sd",
    "se",
    "sg",
    "sgs",
    "sh",
    "shi",
    "shn",
    "si",
    "simple",
    "sk",
    "skr",
    "sl",
    "sm",
    "smn",
    "sn",
    "so",
    "sq",
    "sr",
    "srn",
    "ss",
    "st",
    "stq",
    "su",
    "sv",
    "sw",
    "syl",
    "szl",
    "szy",
    "ta",
    "tay",
    "tcy",
    "tdd",
    "te",
    "tet",
    "tg",
    "th",
    "ti",
    "tig",
    "tk",
    "tl",
    "tly",
    "tn",
    "to",
    "tpi",
    "tr",
    "trv",
    "ts",
    "tt",
    "tum",
    "tw",
    "ty",
    "tyv",
    "udm",
    "ug",
    "uk",
    "ur",
    "uz",
    "ve",
    "vec",
    "vep",
    "vi",
    "vls",
    "vo",
    "vro",
    "wa",
    "war",
    "wo",
    "wuu",
    "xal",
    "xh",
    "xmf",
    "yi",
    "yo",
    "yue",
    "za",
    "zea",
    "zgh",
    "zh",
    "zh-classical",
    "zh-min-nan",
    "zh-yue",
    "zu",
];

/// Whether a link-target prefix is a language edition code (`en`, `ja`, `zh-yue` …).
pub fn is_language(prefix: &str) -> bool {
    let p = prefix.trim_matches(|c: char| c == ' ' || c == '_' || c == '\t');
    if p.is_empty() || p.len() > 12 {
        return false;
    }
    let mut buf = [0u8; 12];
    for (d, s) in buf.iter_mut().zip(p.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    let key = &buf[..p.len()];
    LANGS.binary_search_by(|w| w.as_bytes().cmp(key)).is_ok()
}

/// A `__SWITCH__` magic word and what it means for the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    NoContentConversion,
    NoTitleConversion,
    Other,
}

/// The double-underscore magic word `word` (without the underscores), if MediaWiki knows it.
pub fn switch(word: &str) -> Option<Switch> {
    const NOCC: &[&str] = &["NOCC", "NOCONTENTCONVERT", "不转换内容", "不轉換內容"];
    const NOTC: &[&str] = &["NOTC", "NOTITLECONVERT", "不转换标题", "不轉換標題"];
    const OTHER: &[&str] = &[
        "NOTOC",
        "FORCETOC",
        "TOC",
        "NOEDITSECTION",
        "NEWSECTIONLINK",
        "NONEWSECTIONLINK",
        "NOGALLERY",
        "HIDDENCAT",
        "EXPECTUNUSEDCATEGORY",
        "INDEX",
        "NOINDEX",
        "STATICREDIRECT",
        "DISAMBIG",
        "NOGLOBAL",
        "EXPECTED_UNCONNECTED_PAGE",
        "ARCHIVEDTALK",
        "NOTALK",
        "无目录",
        "無目錄",
        "强显目录",
        "強顯目錄",
        "目录",
        "目錄",
        "无编辑段落",
        "無編輯段落",
        "隐藏分类",
        "隱藏分類",
        "消歧义",
        "消歧義",
        "索引",
        "无索引",
        "無索引",
    ];
    let eq = |w: &&str| w.eq_ignore_ascii_case(word);
    if NOCC.iter().any(eq) {
        Some(Switch::NoContentConversion)
    } else if NOTC.iter().any(eq) {
        Some(Switch::NoTitleConversion)
    } else if OTHER.iter().any(eq) {
        Some(Switch::Other)
    } else {
        None
    }
}

/// How a parser function (`{{#if:…}}`) treats its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    /// `#if`, `#ifexpr`, `#ifexist`, `#iferror`: condition kept, branches shown.
    Branches,
    /// `#ifeq`: the two compared values kept, branches shown.
    IfEq,
    /// `#switch`: case labels kept, results shown (the last positional is the default result).
    Switch,
    /// `#tag`: the first argument (the element content) shown, attributes kept.
    Tag,
    /// `#invoke`: module and function names kept, arguments like a template's.
    Invoke,
    /// Anything else (`#expr`, `#time`, `#property`, …): everything kept.
    KeepAll,
}

/// The parser function named `name` (the text between `#` and `:`).
pub fn function(name: &str) -> Function {
    let n = name.trim();
    let is = |w: &str| n.eq_ignore_ascii_case(w);
    if is("if") || is("ifexpr") || is("ifexist") || is("iferror") {
        Function::Branches
    } else if is("ifeq") {
        Function::IfEq
    } else if is("switch") {
        Function::Switch
    } else if is("tag") {
        Function::Tag
    } else if is("invoke") {
        Function::Invoke
    } else {
        Function::KeepAll
    }
}

/// Prefixes that qualify a template name and are skipped when matching it.
pub fn is_name_prefix(prefix: &str) -> bool {
    const P: &[&str] = &[
        "subst",
        "safesubst",
        "msg",
        "msgnw",
        "raw",
        "template",
        "模板",
        "样板",
        "樣板",
    ];
    let p = prefix.trim();
    P.iter().any(|w| w.eq_ignore_ascii_case(p))
}

/// Magic-word functions written `{{NAME:…}}`: their arguments are not prose and are kept.
pub fn is_magic_function(prefix: &str) -> bool {
    const M: &[&str] = &[
        "displaytitle",
        "defaultsort",
        "defaultsortkey",
        "defaultcategorysort",
        "lc",
        "uc",
        "lcfirst",
        "ucfirst",
        "urlencode",
        "anchorencode",
        "fullurl",
        "fullurle",
        "localurl",
        "localurle",
        "canonicalurl",
        "canonicalurle",
        "filepath",
        "ns",
        "nse",
        "formatnum",
        "formatdate",
        "dateformat",
        "padleft",
        "padright",
        "plural",
        "grammar",
        "gender",
        "int",
        "special",
        "speciale",
        "pagesincategory",
        "pagesincat",
        "pagesize",
        "protectionlevel",
        "protectionexpiry",
        "numberingroup",
        "pageid",
        "namespace",
        "namespacee",
        "namespacenumber",
        "talkspace",
        "subjectspace",
        "pagename",
        "pagenamee",
        "fullpagename",
        "fullpagenamee",
        "subpagename",
        "basepagename",
        "rootpagename",
        "talkpagename",
        "subjectpagename",
        "revisionid",
        "revisionday",
        "revisionmonth",
        "revisionyear",
        "revisiontimestamp",
        "revisionuser",
        "cascadingsources",
        "bidi",
        "language",
        "noexternallanglinks",
        "interwikilink",
        "interlanguagelink",
        "标题替换",
        "標題替換",
        "默认排序",
        "默認排序",
        "排序",
    ];
    let p = prefix.trim();
    M.iter().any(|w| w.eq_ignore_ascii_case(p))
}

/// Whether a whole file-link part (trimmed) is an option keyword without a value.
fn is_file_word(part: &str) -> bool {
    const W: &[&str] = &[
        "thumb",
        "thumbnail",
        "frame",
        "framed",
        "enframed",
        "frameless",
        "border",
        "right",
        "left",
        "center",
        "centre",
        "none",
        "upright",
        "baseline",
        "sub",
        "super",
        "sup",
        "top",
        "text-top",
        "middle",
        "bottom",
        "text-bottom",
        "loop",
        "muted",
        "autoplay",
        "缩略图",
        "縮略圖",
        "缩图",
        "縮圖",
        "有框",
        "框",
        "无框",
        "無框",
        "边框",
        "邊框",
        "右",
        "左",
        "居中",
        "置中",
        "无",
        "無",
        "基线",
        "基線",
        "下标",
        "下標",
        "上标",
        "上標",
        "顶部",
        "頂部",
        "文字顶部",
        "文字頂部",
        "底部",
        "文字底部",
        "右上",
    ];
    W.iter().any(|w| w.eq_ignore_ascii_case(part))
}

/// What a file-link or gallery-line part is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileOption {
    /// Kept as written.
    Keep,
    /// `alt=…`: the key is kept, the value (starting at this byte offset in the part) is shown.
    Alt(usize),
}

/// Classifies a file-link part (its raw text, untrimmed); `None` means it is caption text.
pub fn file_option(part: &str) -> Option<FileOption> {
    const KEYS: &[&str] = &[
        "link",
        "class",
        "lang",
        "page",
        "thumbtime",
        "start",
        "end",
        "upright",
        "thumb",
        "thumbnail",
        "width",
        "height",
        "链接",
        "鏈接",
        "連結",
        "页数",
        "頁數",
        "页",
        "頁",
        "语言",
        "語言",
        "缩略图",
        "縮略圖",
        "縮圖",
        "右上",
    ];
    const ALT: &[&str] = &["alt", "替代", "替代文本", "替代文字", "替換文字"];
    let t = part.trim();
    if is_file_word(t) || is_size(t) || is_upright_spaced(t) {
        return Some(FileOption::Keep);
    }
    let eq = memchr::memchr(b'=', t.as_bytes())?;
    let key = t[..eq].trim();
    if ALT.iter().any(|w| w.eq_ignore_ascii_case(key)) {
        let lead = part.len() - part.trim_start().len();
        return Some(FileOption::Alt(lead + eq + 1));
    }
    KEYS.iter()
        .any(|w| w.eq_ignore_ascii_case(key))
        .then_some(FileOption::Keep)
}

/// `200px`, `x100px`, `200x100px`, `200 px`, `200像素`.
fn is_size(t: &str) -> bool {
    let body = if let Some(b) = t.strip_suffix("px") {
        b
    } else if let Some(b) = t.strip_suffix("像素") {
        b
    } else {
        return false;
    };
    let body = body.trim_end();
    if body.is_empty() {
        return false;
    }
    let (w, h) = match body.find(['x', 'X']) {
        Some(p) => (&body[..p], &body[p + 1..]),
        None => (body, ""),
    };
    w.bytes().all(|c| c.is_ascii_digit())
        && h.bytes().all(|c| c.is_ascii_digit())
        && (!w.is_empty() || !h.is_empty())
}

/// `upright 1.5` (the space form of `upright=`).
fn is_upright_spaced(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() > 8
        && b[..7].eq_ignore_ascii_case(b"upright")
        && b[7] == b' '
        && b[8..]
            .trim_ascii()
            .iter()
            .all(|c| c.is_ascii_digit() || *c == b'.')
}

/// URL protocols MediaWiki links (`$wgUrlProtocols`), without the protocol-relative `//`.
const PROTOCOLS: &[&str] = &[
    "http://",
    "https://",
    "ftp://",
    "ftps://",
    "sftp://",
    "ssh://",
    "irc://",
    "ircs://",
    "news:",
    "nntp://",
    "mailto:",
    "git://",
    "svn://",
    "telnet://",
    "gopher://",
    "mms://",
    "redis://",
    "worldwind://",
    "urn:",
    "xmpp:",
    "sip:",
    "sips:",
    "sms:",
    "tel:",
    "geo:",
    "bitcoin:",
    "magnet:",
    "matrix:",
    "osmand://",
];

/// The length of the URL protocol `bytes` starts with (`//` counts when `relative`).
pub fn protocol_len(bytes: &[u8], relative: bool) -> Option<usize> {
    if relative && bytes.starts_with(b"//") {
        return Some(2);
    }
    PROTOCOLS
        .iter()
        .find(|p| bytes.len() >= p.len() && bytes[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
        .map(|p| p.len())
}

/// Media file extensions: a template value that is just a file name is kept.
pub fn is_media_file_name(value: &str) -> bool {
    const EXT: &[&str] = &[
        "jpg", "jpeg", "png", "gif", "svg", "tif", "tiff", "webp", "xcf", "ogg", "ogv", "oga",
        "webm", "mp3", "mp4", "wav", "flac", "mid", "midi", "pdf", "djvu", "stl", "opus",
    ];
    let v = value.trim_ascii().as_bytes();
    let tail = &v[v.len().saturating_sub(6)..];
    let Some(dot) = tail.iter().rposition(|&c| c == b'.') else {
        return false;
    };
    let ext = &tail[dot + 1..];
    v.len() > ext.len() + 1
        && v.len() <= 255
        && EXT.iter().any(|e| e.as_bytes().eq_ignore_ascii_case(ext))
        && !v
            .iter()
            .any(|c| matches!(c, b'\n' | b'[' | b']' | b'{' | b'}' | b'|' | b'<' | b'>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_sorted_for_binary_search() {
        assert!(
            LANGS.windows(2).all(|w| w[0] < w[1]),
            "LANGS must be sorted"
        );
        assert!(is_language("en"));
        assert!(is_language("EN"));
        assert!(is_language("zh-yue"));
        assert!(!is_language("wikt"));
        assert!(!is_language("Category"));
    }

    #[test]
    fn namespaces() {
        assert_eq!(namespace("File"), Some(Namespace::File));
        assert_eq!(namespace("image"), Some(Namespace::File));
        assert_eq!(namespace("檔案"), Some(Namespace::File));
        assert_eq!(namespace(" 分類 "), Some(Namespace::Category));
        assert_eq!(namespace("CATEGORY"), Some(Namespace::Category));
        assert_eq!(namespace("Help_talk"), Some(Namespace::Other));
        assert_eq!(namespace("Media"), Some(Namespace::Other));
        assert_eq!(namespace("软件"), None);
    }

    #[test]
    fn file_options() {
        assert_eq!(file_option("thumb"), Some(FileOption::Keep));
        assert_eq!(file_option(" 縮圖 "), Some(FileOption::Keep));
        assert_eq!(file_option("200px"), Some(FileOption::Keep));
        assert_eq!(file_option("x120px"), Some(FileOption::Keep));
        assert_eq!(file_option("200x120px"), Some(FileOption::Keep));
        assert_eq!(file_option("300像素"), Some(FileOption::Keep));
        assert_eq!(file_option("upright=1.2"), Some(FileOption::Keep));
        assert_eq!(file_option("upright 1.2"), Some(FileOption::Keep));
        assert_eq!(file_option("link=软件"), Some(FileOption::Keep));
        assert_eq!(file_option(" alt=软件图标"), Some(FileOption::Alt(5)));
        assert_eq!(file_option("替代=图"), Some(FileOption::Alt(7)));
        assert_eq!(file_option("软件界面"), None);
        assert_eq!(file_option("px"), None);
        assert_eq!(file_option("a=b"), None);
    }

    #[test]
    fn protocols_and_files() {
        assert_eq!(protocol_len(b"https://x", false), Some(8));
        assert_eq!(protocol_len(b"HTTP://x", false), Some(7));
        assert_eq!(protocol_len(b"//x", false), None);
        assert_eq!(protocol_len(b"//x", true), Some(2));
        assert_eq!(protocol_len(b"mailto:a@b", false), Some(7));
        assert!(is_media_file_name(" 软件 界面.PNG "));
        assert!(!is_media_file_name("软件.txt"));
        assert!(!is_media_file_name(".png"));
        assert!(!is_media_file_name("[[a.png]]"));
    }

    #[test]
    fn switches_and_tags() {
        assert_eq!(switch("NOCC"), Some(Switch::NoContentConversion));
        assert_eq!(switch("不轉換內容"), Some(Switch::NoContentConversion));
        assert_eq!(switch("notitleconvert"), Some(Switch::NoTitleConversion));
        assert_eq!(switch("NOTOC"), Some(Switch::Other));
        assert_eq!(switch("FOO"), None);
        assert_eq!(tag_class(b"REF"), Some(TagClass::Region));
        assert_eq!(tag_class(b"math"), Some(TagClass::Opaque));
        assert_eq!(tag_class(b"span"), Some(TagClass::Html));
        assert_eq!(tag_class(b"noinclude"), Some(TagClass::Ignored));
        assert_eq!(tag_class(b"foo"), None);
    }
}
