"""YAML as orgdiag reads it: safe, and with YAML 1.2 booleans."""

from __future__ import annotations

import re

import yaml


class OrgYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML (libyaml's parser where installed) with YAML 1.2 booleans: only true/false are
    booleans, so `countries: [SE, NO]` keeps Norway."""


OrgYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
OrgYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
