//! The tests that read `../shared` (or `$TONGWEN_SHARED`): the corpus, OpenCC's test cases and
//! golden files. Each prints `SKIPPED …` and why when its data is absent; CI provides the data.

#[path = "../helpers/mod.rs"]
mod helpers;

mod corpus_check;
mod corpus_markdown;
mod corpus_run;
mod corpus_wikitext;
mod edition_corpus;
mod engine_many;
mod opencc_testcases;
