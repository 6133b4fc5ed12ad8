"""The import contracts of .importlinter (kept, as `make test` checks with lint-imports) cover all of orgdiag: every
package and module of it is in a layer, so that a new one does not escape them."""

from __future__ import annotations

import configparser

from conftest import ROOT


def layered() -> set[str]:
    """The packages and modules the layers contract names."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    layers = config["importlinter:contract:layers"]["layers"].split("\n")
    return {name.strip() for layer in layers for name in layer.split("|") if name.strip()}


def test_every_package_and_module_of_orgdiag_is_in_a_layer() -> None:
    package = ROOT / "orgdiag"
    modules = {f"orgdiag.{path.stem}" for path in package.glob("*.py") if path.stem != "__init__"}
    packages = {f"orgdiag.{path.parent.name}" for path in package.glob("*/__init__.py")}
    assert layered() == modules | packages
