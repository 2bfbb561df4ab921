//! The self-contained test suite: one binary (one link of the crate and its dictionaries) for
//! every test that needs neither `../shared` nor network. `cargo test --test suite engine_`
//! runs one area.

#[path = "../helpers/mod.rs"]
mod helpers;

mod edition_engine;
mod edition_markup;
mod edition_page;
mod engine_cli;
mod engine_config;
mod engine_props;
mod engine_semantics;
mod engine_trace;
mod glossary_cli;
mod glossary_load;
mod glossary_render;
mod invariants;
mod markdown_editions;
mod markdown_robust;
mod markdown_spans;
mod mediawiki_zh;
mod pipeline_config;
mod review_check;
mod review_cli;
mod review_explain;
mod rules_props;
mod run_faults;
mod run_inputs;
mod serve_api;
mod serve_cli;
mod serve_shutdown;
mod wikitext_editions;
mod wikitext_limits;
mod wikitext_spans;
