//! Request bodies: size limit, UTF-8, JSON. Each failure becomes an [`ApiError`] with a message
//! that points at the problem (the byte offset of bad UTF-8, serde's line and column for bad
//! JSON), so a client never gets axum's plain-text rejections.

use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Maps a failure to read the body: over the limit → 413, anything else keeps axum's status.
pub fn rejected(rejection: BytesRejection, max_body: usize) -> ApiError {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            status,
            format!("request body is larger than the limit of {max_body} bytes"),
        )
    } else {
        ApiError::new(
            status,
            format!("could not read the request body: {rejection}"),
        )
    }
}

/// The body as text, or 400 naming the offset of the first invalid byte.
pub fn utf8(bytes: &[u8]) -> Result<&str, ApiError> {
    std::str::from_utf8(bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "request body is not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })
}

/// The body as JSON of type `T`, or 400 with serde's message (which names line and column).
pub fn json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let text = utf8(bytes)?;
    serde_json::from_str(text)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON request: {e}")))
}

/// Whether the client sent a `text/*` body (`text/plain; charset=utf-8`, …). Anything else,
/// including no content type, is read as JSON.
pub fn is_text(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_start().to_ascii_lowercase().starts_with("text/"))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_errors_name_the_offset() {
        assert_eq!(utf8("软件".as_bytes()), Ok("软件"));
        let e = utf8(b"ab\xffcd").unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            e.message,
            "request body is not valid UTF-8 (invalid byte at offset 2)"
        );
    }

    #[test]
    fn json_errors_name_line_and_column() {
        #[derive(serde::Deserialize, Debug)]
        struct T {
            #[allow(dead_code)]
            text: String,
        }
        let e = json::<T>(b"{\"text\": }").unwrap_err();
        assert_eq!(
            e.message,
            "invalid JSON request: expected value at line 1 column 10"
        );
    }

    #[test]
    fn text_content_types() {
        let mut h = HeaderMap::new();
        assert!(!is_text(&h));
        h.insert(
            header::CONTENT_TYPE,
            "Text/Plain; charset=utf-8".parse().unwrap(),
        );
        assert!(is_text(&h));
        h.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        assert!(!is_text(&h));
    }
}
