//! pipeline.yaml (schema and validation) and the batch runner.
