//! UTF-8 validation of input bytes.
//!
//! Wiki text is mostly three-byte CJK characters, where the standard library's validator
//! works byte by byte; [`simdutf8`] checks 32 or 64 bytes a step. Valid input, the common
//! case, takes the fast path only; invalid input is validated again by the standard library
//! to get its exact error (offset of the first bad byte, and whether the input was cut short
//! inside a character).

/// Same result as [`std::str::from_utf8`], faster on valid input.
pub fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(_) => std::str::from_utf8(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_std() {
        let cases: [&[u8]; 7] = [
            b"",
            "软件 abc 軟體 😀".as_bytes(),
            b"ab\xffcd",
            b"\xe8\xbd",
            b"ok\xe8\xbd\xaf\xe8",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
        ];
        for c in cases {
            let (a, b) = (from_utf8(c), std::str::from_utf8(c));
            assert_eq!(a, b, "{c:?}");
        }
        // Long input: the error far from the start.
        let mut long = "软件".repeat(1000).into_bytes();
        long.push(0xC0);
        long.extend_from_slice("内存".as_bytes());
        let e = from_utf8(&long).unwrap_err();
        assert_eq!(e.valid_up_to(), 6000);
        assert_eq!(e.error_len(), Some(1));
    }
}
