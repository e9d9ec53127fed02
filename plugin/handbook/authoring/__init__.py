"""Commands that write: new documents, status changes, supersession, project scaffolds,
imports. Everything here writes atomically and never overwrites a file unasked."""
