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


def _integer(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> int:
    """An integer, or a located YAML error when it is longer than Python turns into a number (4,300 digits)."""
    try:
        number: int = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        digits = sum(ch.isdigit() for ch in str(node.value))
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {digits:,} digits is too long to be read", node.start_mark
        ) from None
    return number


OrgYamlLoader.add_constructor("tag:yaml.org,2002:int", _integer)
