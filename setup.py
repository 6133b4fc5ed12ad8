"""orgdiag's build: everything is declared in pyproject.toml but two things setuptools needs code for.

* The rules engine, durable-rules 2.0.28, vendored and patched in orgdiag/_vendor/durable (its README.md there says
  what and why), compiled as a C extension of orgdiag: ``pip install`` builds it on every Python orgdiag supports.
* The wheel carries the rule catalogue and the demo organisation under orgdiag/_bundled, so that an installed
  orgdiag works alone (orgdiag/resources.py looks there first, then in the source checkout).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

ENGINE = Path("orgdiag/_vendor/durable/src")
ENGINE_SOURCES = ["rulespy/rules.c", *(f"rules/{name}.c" for name in ("json", "rete", "state", "events", "regex"))]
#: the compiler flags of durable-rules' own setup.py (C99, GNU extensions; common symbols on macOS' clang)
ENGINE_FLAGS = [] if sys.platform == "win32" else ["-std=c99", *(["-fcommon"] if sys.platform == "darwin" else [])]

#: what the wheel carries besides the package, and where: source in the checkout -> path under orgdiag/
BUNDLED = {"rules": "_bundled/rules", "fixtures/demo/nordvik-sport.yaml": "_bundled/demo.yaml"}


class BuildPy(build_py):  # type: ignore[misc]  # setuptools' commands are untyped
    """The package's modules, and the bundled rules and demo (not for an editable install, which reads the
    checkout's)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        package = Path(self.build_lib) / "orgdiag"
        shutil.rmtree(package / "_bundled", ignore_errors=True)  # nothing left from an earlier build
        for source, target in BUNDLED.items():
            if Path(source).is_dir():
                shutil.copytree(source, package / target)
            else:
                (package / target).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, package / target)


setup(
    ext_modules=[
        Extension(
            "orgdiag._vendor.durable.durable_rules_engine",
            sources=[str(ENGINE / source) for source in ENGINE_SOURCES],
            include_dirs=[str(ENGINE / "rules")],
            depends=sorted(str(header) for header in ENGINE.glob("rules/*.h")),
            define_macros=[("_GNU_SOURCE", None)],
            extra_compile_args=ENGINE_FLAGS,
        )
    ],
    cmdclass={"build_py": BuildPy},
)
