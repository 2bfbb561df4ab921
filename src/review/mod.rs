//! Editorial review: `check` findings and `explain` provenance.
