"""The trainer workspace: access policy, sign-in, the use cases pages and CLI call, cohort aggregates, import, export."""
