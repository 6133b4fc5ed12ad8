"""The rules: rule files read and checked (spec, catalogue), threshold profiles, and the durable-rules engine
that matches them against the facts (one process, or several for a large organisation)."""
