"""The rules: rule files read and checked (spec, rule, conditions, templates, checks, catalogue, and the sources
they cite), threshold profiles, and the durable-rules engine that matches them against the facts (one process,
or several for a large organisation)."""
