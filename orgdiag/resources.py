"""Where the built-in rules and the demo organisation are: inside the wheel, or in the source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parent


def rules_dir() -> Path:
    """The directory of the built-in rule files."""
    bundled = _BUNDLED / "rules"
    return bundled if bundled.is_dir() else _CHECKOUT / "rules"


def profiles_dir() -> Path:
    """The directory of the built-in threshold profiles (beside the rules)."""
    return rules_dir() / "profiles"


def operating_models_path() -> Path:
    """The operating models and their thresholds (beside the rules)."""
    return rules_dir() / "operating-models" / "models.yaml"


def demo_org_path() -> Path:
    """The built-in demo organisation (Nordvik Sport AB)."""
    bundled = _BUNDLED / "demo.yaml"
    return bundled if bundled.is_file() else _CHECKOUT / "fixtures" / "demo" / "nordvik-sport.yaml"
