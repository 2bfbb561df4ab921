//! The HTTP API end to end: a real server on a loopback port, real HTTP/1.1 requests, every
//! endpoint and every error status. Expected conversions are OpenCC 1.4.2's (computed with the
//! official library) through each edition's default config.

use crate::helpers::serve_support;

use serde_json::{Value, json};
use serve_support::Server;
use tongwen::document::Format;
use tongwen::edition::EditionSpec;
use tongwen::markup::ParseOptions;
use tongwen::pipeline::Pipeline;
use tongwen::serve::AppState;
use tongwen::variant::Variant;

fn server() -> Server {
    Server::start_with_limit(64 * 1024)
}

const UNKNOWN_ZH_XX: &str = "unknown variant `zh-XX` (expected one of zh-Hans, zh-Hant, zh-CN, zh-TW, zh-HK, zh-MO, zh-SG, zh-MY)";

#[test]
fn healthz_answers_get_and_head() {
    let s = server();
    let r = s.get("/healthz");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.json(),
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
    let head = s.request("HEAD", "/healthz", &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, b"");
}

#[test]
fn variants_lists_tags_fallbacks_and_configs() {
    let s = server();
    let r = s.get("/v1/variants");
    assert_eq!(r.status, 200);
    let v = r.json();
    let tags: Vec<&str> = v["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["tag"].as_str().unwrap())
        .collect();
    assert_eq!(
        tags,
        [
            "zh-Hans", "zh-Hant", "zh-CN", "zh-TW", "zh-HK", "zh-MO", "zh-SG", "zh-MY"
        ]
    );
    assert_eq!(
        v["variants"][3],
        json!({"tag": "zh-TW", "code": "zh-tw", "name": "臺灣",
               "fallbacks": ["zh-Hant", "zh-HK", "zh-MO"], "configs": ["s2twp"], "glossaries": []})
    );
    assert_eq!(
        v["variants"][7],
        json!({"tag": "zh-MY", "code": "zh-my", "name": "大马",
               "fallbacks": ["zh-SG", "zh-Hans", "zh-CN"], "configs": ["tw2sp"], "glossaries": []})
    );
    assert_eq!(v["formats"], json!(["wikitext", "markdown", "plain"]));
    // Fields in documentation order.
    assert!(
        r.text().starts_with(
            r#"{"variants":[{"tag":"zh-Hans","code":"zh-hans","name":"简体","fallbacks":["zh-CN","zh-SG","zh-MY"],"configs":["t2s"],"glossaries":[]},"#
        ),
        "{}",
        r.text()
    );
    assert_eq!(v["default_format"], "wikitext");
}

#[test]
fn convert_json_gives_every_edition_in_pipeline_order() {
    let s = server();
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "鼠标和内存", "format": "plain"}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.text(),
        concat!(
            r#"{"editions":{"zh-Hans":"鼠标和内存","zh-Hant":"鼠標和內存","zh-CN":"鼠标和内存","#,
            r#""zh-TW":"滑鼠和記憶體","zh-HK":"滑鼠和內存","zh-MO":"滑鼠和內存","zh-SG":"鼠标和内存","zh-MY":"鼠标和内存"}}"#
        )
    );
}

#[test]
fn convert_json_selected_variants_in_the_order_asked() {
    let s = server();
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "头发和软件", "format": "plain", "variants": ["zh-tw", "zh_HK", "zh-Hans-CN"]}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.text(),
        r#"{"editions":{"zh-TW":"頭髮和軟體","zh-HK":"頭髮和軟件","zh-CN":"头发和软件"}}"#
    );
}

#[test]
fn convert_wikitext_keeps_markup() {
    let s = server();
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "'''鼠标'''<br/>内存", "variants": ["zh-TW"]}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"editions": {"zh-TW": "'''滑鼠'''<br/>記憶體"}})
    );
}

#[test]
fn convert_returns_titles_when_a_title_is_given() {
    let s = server();
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "内存", "format": "plain", "title": "鼠标", "variants": ["zh-TW", "zh-CN"]}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"editions": {"zh-TW": "記憶體", "zh-CN": "内存"},
               "titles": {"zh-TW": "滑鼠", "zh-CN": "鼠标"}})
    );
}

#[test]
fn convert_plain_text_body_returns_one_edition_as_text() {
    let s = server();
    let r = s.post_raw(
        "/v1/convert?to=zh-TW&format=plain",
        "text/plain; charset=utf-8",
        "鼠标和内存".as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.text(), "滑鼠和記憶體");
    // The format defaults to wikitext.
    let r = s.post_raw(
        "/v1/convert?to=zh-HK",
        "text/plain",
        "'''内存'''".as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "'''內存'''");
}

#[test]
fn convert_with_a_json_glossary() {
    let s = server();
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "鼠标和内存", "format": "plain", "variants": ["zh-TW", "zh-HK"],
                "glossary": [{"zh-cn": "内存", "zh-tw": "內存", "note": "house style"}, {"keep": "鼠标"}]}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"editions": {"zh-TW": "鼠标和內存", "zh-HK": "鼠标和內存"}})
    );
}

#[test]
fn convert_with_a_yaml_glossary() {
    let s = server();
    let yaml = "entries:\n  - zh-cn: 内存\n    zh-tw: 內存\n  - keep: 鼠标\n";
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "鼠标和内存", "format": "plain", "variants": ["zh-TW"], "glossary": yaml}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"editions": {"zh-TW": "鼠标和內存"}}));
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "x", "glossary": "entries:\n  - zh-xx: 内存\n"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "glossary:2:5: unknown key `zh-xx` (expected a variant such as zh-cn, zh-tw, zh-hk, zh-hans, zh-hant, or `keep`, `note`)"
    );
}

#[test]
fn convert_spans_tile_the_source_and_concatenate_to_the_edition() {
    let s = server();
    let src = "鼠标<br/>内存";
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": src, "variants": ["zh-TW"], "spans": true}),
    );
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["editions"]["zh-TW"], "滑鼠<br/>記憶體");
    let spans = v["spans"]["zh-TW"].as_array().unwrap();
    let joined: String = spans
        .iter()
        .map(|p| p["output"].as_str().unwrap())
        .collect();
    assert_eq!(joined, "滑鼠<br/>記憶體");
    let mut at = 0;
    for p in spans {
        let (start, end) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(start, at, "{p}");
        at = end;
        let changed = &src[start..end] != p["output"].as_str().unwrap();
        assert_eq!(p["changed"], changed, "{p}");
    }
    assert_eq!(at, src.len());
    let mouse = spans
        .iter()
        .find(|p| p["output"] == "滑鼠")
        .expect("a 滑鼠 piece");
    assert_eq!(
        (mouse["start"].as_u64(), mouse["end"].as_u64()),
        (Some(0), Some(6))
    );
    assert_eq!(mouse["origin"], "dictionary");
    assert_eq!(mouse["config"], "s2twp");
    let br = spans
        .iter()
        .find(|p| p["output"] == "<br/>")
        .expect("a <br/> piece");
    assert_eq!(br["origin"], "kept");
    assert_eq!(br["changed"], false);
}

#[test]
fn check_is_the_cli_json() {
    let s = server();
    let text = "她的发很长。";
    let r = s.post_json(
        "/v1/check",
        &json!({"text": text, "format": "plain", "variants": ["zh-TW", "zh-CN"], "file": "a.txt"}),
    );
    assert_eq!(r.status, 200);
    let specs = [
        EditionSpec::new(Variant::ZhTW),
        EditionSpec::new(Variant::ZhCN),
    ];
    let expected = tongwen::review::check_source(
        "a.txt",
        text,
        Format::Plain,
        &specs,
        &ParseOptions::default(),
    );
    assert_eq!(r.json(), serde_json::to_value(&expected).unwrap());
    let findings = r.json()["findings"].as_array().unwrap().clone();
    let hair = findings
        .iter()
        .find(|f| f["text"] == "发")
        .expect("发 is ambiguous");
    assert_eq!(hair["file"], "a.txt");
    assert_eq!(
        (hair["line"].as_u64(), hair["column"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(hair["kind"], "ambiguous");
    assert_eq!(hair["editions"], json!(["zh-TW"]));
    assert_eq!(hair["candidates"], json!(["發", "髮"]));
}

#[test]
fn explain_is_the_cli_json() {
    let s = server();
    let text = "鼠标和内存";
    let r = s.post_json(
        "/v1/explain",
        &json!({"text": text, "format": "plain", "variant": "zh-TW"}),
    );
    assert_eq!(r.status, 200);
    let expected = tongwen::review::explain_source(
        "input",
        text,
        Format::Plain,
        &EditionSpec::new(Variant::ZhTW),
        &ParseOptions::default(),
    );
    assert_eq!(r.json(), serde_json::to_value(&expected).unwrap());
    assert_eq!(r.json()["edition"], "zh-TW");
    assert_eq!(r.json()["file"], "input");
}

#[test]
fn the_review_page_and_its_assets() {
    let s = server();
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.text(), tongwen::serve::page::INDEX_HTML);
    assert!(r.text().contains(r#"<script src="/app.js"></script>"#));
    assert!(
        r.text()
            .contains(r#"<link rel="stylesheet" href="/style.css">"#)
    );
    let js = s.get("/app.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(js.text(), tongwen::serve::page::APP_JS);
    let css = s.get("/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.text(), tongwen::serve::page::STYLE_CSS);
    // Offline: nothing is loaded from another host.
    for asset in [r.text(), js.text(), css.text()] {
        assert!(!asset.contains("http://") && !asset.contains("https://"));
    }
}

// ---- errors ----------------------------------------------------------------------------

#[test]
fn bad_json_is_400_with_serdes_position() {
    let s = server();
    for path in ["/v1/convert", "/v1/check", "/v1/explain"] {
        let r = s.post_raw(path, "application/json", br#"{"text": }"#);
        assert_eq!(r.status, 400, "{path}");
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(
            r.error(),
            "invalid JSON request: expected value at line 1 column 10"
        );
    }
    let r = s.post_json("/v1/convert", &json!({"txt": "x"}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "invalid JSON request: unknown field `txt`, expected one of `text`, `format`, `variants`, `glossary`, `title`, `spans` at line 1 column 6"
    );
    let r = s.post_json("/v1/explain", &json!({"text": "x"}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "invalid JSON request: missing field `variant` at line 1 column 12"
    );
    let r = s.post_json("/v1/convert", &json!({"text": 5}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "invalid JSON request: invalid type: integer `5`, expected a string at line 1 column 9"
    );
}

#[test]
fn unknown_variant_is_400() {
    let s = server();
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "x", "variants": ["zh-TW", "zh-XX"]}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.error(), UNKNOWN_ZH_XX);
    let r = s.post_raw("/v1/convert?to=zh-XX", "text/plain", b"x");
    assert_eq!(r.status, 400);
    assert_eq!(r.error(), UNKNOWN_ZH_XX);
    let r = s.post_json("/v1/check", &json!({"text": "x", "variants": ["zh-XX"]}));
    assert_eq!(r.status, 400);
    assert_eq!(r.error(), UNKNOWN_ZH_XX);
    let r = s.post_json("/v1/explain", &json!({"text": "x", "variant": "zh-XX"}));
    assert_eq!(r.status, 400);
    assert_eq!(r.error(), UNKNOWN_ZH_XX);
    // `zh` is a rule language, not an edition.
    let r = s.post_json("/v1/explain", &json!({"text": "x", "variant": "zh"}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "unknown variant `zh` (expected one of zh-Hans, zh-Hant, zh-CN, zh-TW, zh-HK, zh-MO, zh-SG, zh-MY)"
    );
}

#[test]
fn variants_outside_the_pipeline_empty_or_repeated_are_400() {
    let pipeline = Pipeline {
        editions: vec![
            EditionSpec::new(Variant::ZhTW),
            EditionSpec::new(Variant::ZhHK),
        ],
        ..Pipeline::default_pipeline()
    };
    let s = Server::start(AppState::with_workers(pipeline, 4096, 1));
    let r = s.post_json("/v1/convert", &json!({"text": "x", "variants": ["zh-CN"]}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "variant `zh-CN` is not an edition of this server's pipeline (editions: zh-TW, zh-HK)"
    );
    let r = s.post_json("/v1/convert", &json!({"text": "x", "variants": []}));
    assert_eq!(r.status, 400);
    assert_eq!(r.error(), "`variants` is empty");
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "x", "variants": ["zh-TW", "zh-tw"]}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.error(), "variant zh-TW is listed twice");
    // Without `variants`, the pipeline's editions.
    let r = s.post_json("/v1/convert", &json!({"text": "内存", "format": "plain"}));
    assert_eq!(
        r.json(),
        json!({"editions": {"zh-TW": "記憶體", "zh-HK": "內存"}})
    );
    let tags: Vec<Value> = s.get("/v1/variants").json()["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["tag"].clone())
        .collect();
    assert_eq!(tags, [json!("zh-TW"), json!("zh-HK")]);
}

#[test]
fn unknown_format_and_bad_glossary_are_400() {
    let s = server();
    let r = s.post_json("/v1/convert", &json!({"text": "x", "format": "docx"}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "unknown format `docx` (expected wikitext, markdown or plain)"
    );
    let r = s.post_json(
        "/v1/convert",
        &json!({"text": "x", "glossary": [{"zh-tw": "a", "keep": "b"}]}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "glossary entry 1: `keep` cannot be combined with variant forms"
    );
    let r = s.post_json(
        "/v1/check",
        &json!({"text": "x", "glossary": [{"zh-xx": "a"}]}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "glossary entry 1: unknown key `zh-xx` (expected a variant such as zh-cn or zh-tw, `keep` or `note`)"
    );
}

#[test]
fn invalid_utf8_is_400() {
    let s = server();
    let r = s.post_raw(
        "/v1/convert",
        "application/json",
        b"{\"text\": \"\xe8\xbd\"}",
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "request body is not valid UTF-8 (invalid byte at offset 10)"
    );
    let r = s.post_raw("/v1/convert?to=zh-TW", "text/plain", b"ab\xff");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "request body is not valid UTF-8 (invalid byte at offset 2)"
    );
    let r = s.post_raw("/v1/check", "application/json", b"\xff");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "request body is not valid UTF-8 (invalid byte at offset 0)"
    );
}

#[test]
fn plain_text_query_errors_are_400() {
    let s = server();
    let r = s.post_raw("/v1/convert", "text/plain", b"x");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "a text/plain body needs `?to=VARIANT` (e.g. ?to=zh-TW&format=wikitext)"
    );
    let r = s.post_raw("/v1/convert?to=zh-TW&fmt=plain", "text/plain", b"x");
    assert_eq!(r.status, 400);
    assert!(r.error().contains("unknown field `fmt`"), "{}", r.error());
    let r = s.post_raw(
        "/v1/convert?to=zh-TW",
        "application/json",
        br#"{"text": "x"}"#,
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error(),
        "query parameters (`to`, `format`, `title`) apply to text/plain bodies; put the options of a JSON request in its body"
    );
}

#[test]
fn body_over_the_limit_is_413() {
    let s = Server::start_with_limit(1024);
    let big = format!("{{\"text\": \"{}\"}}", "x".repeat(2000));
    for path in ["/v1/convert", "/v1/check", "/v1/explain"] {
        let r = s.post_raw(path, "application/json", big.as_bytes());
        assert_eq!(r.status, 413, "{path}");
        assert_eq!(
            r.error(),
            "request body is larger than the limit of 1024 bytes"
        );
    }
    let r = s.post_raw("/v1/convert?to=zh-TW", "text/plain", &[b'x'; 1025]);
    assert_eq!(r.status, 413);
    // At the limit exactly, accepted.
    let r = s.post_raw(
        "/v1/convert?to=zh-TW&format=plain",
        "text/plain",
        &[b'x'; 1024],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body, [b'x'; 1024]);
}

#[test]
fn unknown_route_is_404_and_wrong_method_is_405() {
    let s = server();
    let r = s.get("/v1/nothing");
    assert_eq!(r.status, 404);
    assert_eq!(r.error(), "no route for GET /v1/nothing");
    let r = s.post_json("/v2/convert", &json!({}));
    assert_eq!(r.status, 404);
    assert_eq!(r.error(), "no route for POST /v2/convert");
    let r = s.get("/v1/convert");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST"));
    let r = s.post_json("/healthz", &json!({}));
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET,HEAD"));
    let r = s.request("DELETE", "/v1/check", &[], b"");
    assert_eq!(r.status, 405);
}

// ---- the OpenAPI document --------------------------------------------------------------

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let path = reference.strip_prefix("#/")?;
    path.split('/').try_fold(doc, |v, key| v.get(key))
}

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    out.push(x.as_str().unwrap().to_string());
                } else {
                    refs(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[test]
fn openapi_describes_every_route_and_its_refs_resolve() {
    let s = server();
    let r = s.get("/openapi.json");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    let mut described: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "delete", "patch", "head"].contains(&method.as_str()) {
                described.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    described.sort();
    let mut served: Vec<(String, String)> = [
        ("GET", "/"),
        ("GET", "/app.js"),
        ("GET", "/style.css"),
        ("GET", "/healthz"),
        ("GET", "/openapi.json"),
        ("GET", "/v1/variants"),
        ("POST", "/v1/convert"),
        ("POST", "/v1/check"),
        ("POST", "/v1/explain"),
    ]
    .iter()
    .map(|(m, p)| (m.to_string(), p.to_string()))
    .collect();
    served.sort();
    assert_eq!(described, served);
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 10);
    for reference in all {
        assert!(
            resolve(&doc, &reference).is_some(),
            "unresolved {reference}"
        );
    }
}

#[test]
fn openapi_request_examples_are_accepted() {
    let s = server();
    let doc: Value = serde_json::from_str(tongwen::serve::openapi::OPENAPI_JSON).unwrap();
    let mut sent = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(post) = item.get("post") else {
            continue;
        };
        for (ctype, media) in post["requestBody"]["content"].as_object().unwrap() {
            for (name, example) in media["examples"].as_object().unwrap() {
                let value = &example["value"];
                let r = if ctype == "application/json" {
                    s.post_json(path, value)
                } else {
                    let q = example["x-query"].as_str().unwrap_or("");
                    s.post_raw(
                        &format!("{path}{q}"),
                        ctype,
                        value.as_str().unwrap().as_bytes(),
                    )
                };
                assert_eq!(r.status, 200, "{path} example {name}: {}", r.text());
                sent += 1;
            }
        }
    }
    assert!(sent >= 5, "only {sent} examples");
}

/// A small JSON Schema check (the keywords openapi.json uses for responses): `$ref`, `type`,
/// `required`, `properties`, `additionalProperties`, `items`, `enum`, `const`, `oneOf`.
fn violations(doc: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = resolve(doc, r).unwrap_or_else(|| panic!("unresolved {r}"));
        return violations(doc, target, value, at, out);
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            _ => true,
        };
        if !ok {
            out.push(format!("{at}: expected {t}, got {value}"));
            return;
        }
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        out.push(format!("{at}: expected {c}, got {value}"));
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(value)
    {
        out.push(format!("{at}: {value} not in {e:?}"));
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let matching = options
            .iter()
            .filter(|o| {
                let mut v = Vec::new();
                violations(doc, o, value, at, &mut v);
                v.is_empty()
            })
            .count();
        if matching != 1 {
            out.push(format!("{at}: {matching} of oneOf match {value}"));
        }
    }
    if let Value::Object(map) = value {
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = req.as_str().unwrap();
            if !map.contains_key(key) {
                out.push(format!("{at}: missing `{key}`"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, v) in map {
            match props.and_then(|p| p.get(k)) {
                Some(s) => violations(doc, s, v, &format!("{at}.{k}"), out),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => out.push(format!("{at}: unexpected `{k}`")),
                    Some(s @ Value::Object(_)) => violations(doc, s, v, &format!("{at}.{k}"), out),
                    _ if props.is_some() && schema.get("oneOf").is_none() => {
                        out.push(format!("{at}: undocumented `{k}`"))
                    }
                    _ => {}
                },
            }
        }
    }
    if let (Value::Array(items), Some(s)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            violations(doc, s, v, &format!("{at}[{i}]"), out);
        }
    }
}

#[test]
fn responses_match_the_documented_schemas() {
    let s = Server::start_with_limit(1024);
    let doc: Value = serde_json::from_str(tongwen::serve::openapi::OPENAPI_JSON).unwrap();
    let schema_of = |path: &str, method: &str, status: &str| -> Value {
        let resp = &doc["paths"][path][method]["responses"][status];
        let resp = match resp.get("$ref").and_then(Value::as_str) {
            Some(r) => resolve(&doc, r).unwrap().clone(),
            None => resp.clone(),
        };
        resp["content"]["application/json"]["schema"].clone()
    };
    let rule_text = "-{zh-hans:发;zh-hant:髮;}-[[鼠标]]{{NoteTA|1=zh-cn:内存;zh-tw:記憶體;}}内存";
    let cases: Vec<(&str, &str, &str, Option<Value>)> = vec![
        ("/healthz", "get", "200", None),
        ("/v1/variants", "get", "200", None),
        (
            "/v1/convert",
            "post",
            "200",
            Some(json!({"text": rule_text, "title": "软件", "spans": true,
                        "glossary": [{"zh-cn": "软件", "zh-tw": "軟體"}]})),
        ),
        (
            "/v1/check",
            "post",
            "200",
            Some(json!({"text": "她的发很长。-{zh-xx:a}-干"})),
        ),
        (
            "/v1/explain",
            "post",
            "200",
            Some(json!({"text": rule_text, "variant": "zh-TW", "glossary": [{"keep": "鼠标"}]})),
        ),
        (
            "/v1/convert",
            "post",
            "400",
            Some(json!({"text": "x", "variants": ["zh-XX"]})),
        ),
        (
            "/v1/check",
            "post",
            "413",
            Some(json!({"text": "x".repeat(2000)})),
        ),
    ];
    for (path, method, status, body) in cases {
        let r = match &body {
            None => s.get(path),
            Some(b) => s.post_json(path, b),
        };
        assert_eq!(r.status.to_string(), status, "{path}: {}", r.text());
        let mut out = Vec::new();
        violations(
            &doc,
            &schema_of(path, method, status),
            &r.json(),
            path,
            &mut out,
        );
        assert_eq!(out, Vec::<String>::new(), "{path} {status}");
    }
}
