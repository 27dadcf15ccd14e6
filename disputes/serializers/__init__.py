"""API representations and the input the API accepts: `common` (validation, shared references), `disputes`
(entries, single disputes, decisions, corrections), `cases` (cases, appeals, statements, workload)."""
