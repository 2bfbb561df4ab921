//! The HTTP service and the review page.
