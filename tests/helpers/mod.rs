//! Helpers for the integration tests. Both test binaries (`suite`, `data`) include this folder
//! with `#[path]`; each uses only part of it.
#![allow(dead_code)]

pub mod common;
pub mod runner_util;
pub mod serve_support;
pub mod shared_data;
pub mod support;
