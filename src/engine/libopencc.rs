//! The optional backend: the system's OpenCC C++ library through opencc-rust (feature
//! `libopencc`). Debian's libopencc is 1.1.x, whose dictionaries differ from 1.4.2's.
