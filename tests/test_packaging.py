"""`pip install` gives a working orgdiag on every supported Python: the wheel carries the rules, the lexicon, the
demo org and the rules engine compiled from the sources vendored in orgdiag/_vendor; an engine that cannot load
says so in one sentence; and no third-party warning escapes a diagnosis."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from conftest import DEMO, ROOT

#: A wheel and a source archive built by pip and build, fresh virtual environments, the demo run from them.
pytestmark = pytest.mark.slow

#: The oldest and the newest Python orgdiag supports: a fresh `pip install` is tried on each found here.
PYTHONS = ("3.11", "3.13")
ENGINE = "orgdiag/_vendor/durable"
#: `python -c RUN ARGS…` runs the orgdiag command as installed.
RUN = "from orgdiag.cli import run; run()"


def python(version: str) -> str | None:
    """The interpreter of a Python version: on the PATH, or a version pyenv holds but has not activated."""
    found = [shutil.which(f"python{version}")]
    if shutil.which("pyenv"):
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=False).stdout.strip()
        found += sorted(glob.glob(f"{root}/versions/{version}*/bin/python{version}"), reverse=True) if root else []
    for candidate in filter(None, found):
        if subprocess.run([candidate, "-c", "pass"], capture_output=True, check=False).returncode == 0:
            return candidate
    return None


def orgdiag_from(site: Path, *args: str, warnings: str = "default") -> subprocess.CompletedProcess[str]:
    """`orgdiag ARGS…` run by this Python from an unpacked wheel at `site`."""
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONWARNINGS": warnings}
    return subprocess.run(
        [sys.executable, "-c", RUN, *args], capture_output=True, text=True, env=env, cwd=site, check=False
    )


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """orgdiag's source archive, as a release publishes it."""
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(ROOT)], check=True, capture_output=True
    )
    return next(out.glob("orgdiag-*.tar.gz"))


@pytest.fixture(scope="module")
def wheel(sdist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """orgdiag's wheel for this Python, as pip builds it from the source archive (compiling the rules engine)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(sdist)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("orgdiag-*.whl"))


def test_the_source_archive_carries_the_rules_engine_with_its_licence_and_what_the_wheel_bundles(sdist: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    engine_sources = {str(p.relative_to(ROOT)) for p in (ROOT / ENGINE / "src").rglob("*.[ch]")}
    assert len(engine_sources) == 11  # six C files, five headers
    assert engine_sources | {f"{ENGINE}/LICENSE", "orgdiag/_vendor/README.md", "setup.py"} <= names
    assert {"rules/profiles", "fixtures/demo/nordvik-sport.yaml", "MANIFEST.in"} <= names
    assert [name for name in names if name.endswith((".so", ".pyc"))] == []


def test_the_wheel_carries_what_orgdiag_needs_and_runs_the_demo(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    rules = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert {f"orgdiag/_bundled/rules/{name}" for name in rules} <= names
    assert {"orgdiag/_bundled/demo.yaml", "orgdiag/model/lexicon.yaml", "orgdiag/cli/main.py"} <= names
    # the rules engine: compiled for this Python, with its licence, and none of the C sources it was compiled from
    assert [name for name in names if name.startswith(f"{ENGINE}/durable_rules_engine.cpython-")] != []
    assert {f"{ENGINE}/LICENSE", f"{ENGINE}/engine.py"} <= names
    assert [name for name in names if name.endswith((".c", ".h"))] == []
    done = subprocess.run(
        [sys.executable, "-c", f"import orgdiag, sys; print(orgdiag.__file__, file=sys.stderr); {RUN}", "demo"]
        + ["--out", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert str(tmp_path / "site") in done.stderr  # the wheel's copy ran, not the checkout
    assert "29 findings" in done.stdout
    assert (tmp_path / "demo" / "diagram.png").stat().st_size > 10_000


def test_an_engine_that_cannot_load_says_so_in_one_sentence(wheel: Path, tmp_path: Path) -> None:
    """orgdiag without its compiled engine (as a checkout never installed, or an install for another Python)."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    for compiled in (site / ENGINE).glob("durable_rules_engine.*"):
        compiled.unlink()
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    done = orgdiag_from(site, "diagnose", str(DEMO))
    assert done.returncode == 3, done.stderr  # the tool failed, as when Graphviz is missing; not 1, "findings"
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"orgdiag: the rules engine cannot load on Python {version} ({site / ENGINE} holds no build of it for this "
        "Python): it is compiled when orgdiag is installed, so install orgdiag for this Python with pip or make "
        "(README, Installing)"
    ]
    library = (
        "import orgdiag\n"
        f"org = orgdiag.load({str(DEMO)!r})\n"
        "try:\n"
        "    orgdiag.diagnose(org)\n"
        "except ImportError as error:\n"
        "    print(isinstance(error, orgdiag.EngineUnavailable), error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", library],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"True the rules engine cannot load on Python {version}")


def test_pip_installs_orgdiag_on_each_python_and_it_diagnoses_the_demo_without_a_warning(
    sdist: Path, wheel: Path, tmp_path: Path, cli
) -> None:
    """A fresh virtual environment per Python and `pip install` (of the wheel for this Python, of the source
    archive for the others, compiling the rules engine), then the demo diagnosed by the command, by the pre-commit
    hook's command and by the library, each with warnings made errors: no third-party warning escapes
    (durable-rules' DeprecationWarning did, on 3.12+)."""
    this = f"{sys.version_info.major}.{sys.version_info.minor}"
    found = {version: path for version in PYTHONS if (path := python(version))} | {this: sys.executable}
    started = time.monotonic()
    installs = {}
    for version, interpreter in found.items():  # side by side: much of an install is waiting on the index
        venv = tmp_path / f"venv-{version}"
        package = wheel if version == this else sdist
        command = f"{interpreter} -m venv {venv} && {venv}/bin/python -m pip install -q --no-compile {package}"
        installs[version] = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for version, install in installs.items():
        output = install.communicate()[0].decode(errors="replace")
        assert install.returncode == 0, f"pip install on Python {version}:\n{output}"
    minutes = (time.monotonic() - started) / 60
    assert minutes < 4, f"installing took {minutes:.1f} minutes"

    expected = cli("diagnose", DEMO).stdout
    strict = {**os.environ, "PYTHONWARNINGS": "error"}  # .pyc files are written on first use: compiling warns too
    for version in found:
        bin_dir = tmp_path / f"venv-{version}" / "bin"
        diagnosed = subprocess.run(
            [bin_dir / "orgdiag", "diagnose", str(DEMO)], capture_output=True, text=True, env=strict, check=False
        )
        assert (diagnosed.returncode, diagnosed.stderr) == (0, ""), version
        assert diagnosed.stdout == expected, version
        hook = subprocess.run(  # .pre-commit-hooks.yaml's entry; 1: findings at or above the default --fail-on
            [bin_dir / "orgdiag", "check", str(DEMO)], capture_output=True, text=True, env=strict, check=False
        )
        assert (hook.returncode, hook.stderr) == (1, ""), version
        assert hook.stdout.startswith(f"{DEMO}: Nordvik Sport AB: 29 findings"), version
        library = f"import orgdiag; print(len(orgdiag.diagnose(orgdiag.load({str(DEMO)!r})).findings))"
        done = subprocess.run(
            [bin_dir / "python", "-W", "error", "-c", library],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert (done.returncode, done.stderr, done.stdout) == (0, "", "31\n"), version
    missing = sorted(set(PYTHONS) - set(found))
    if missing:
        pytest.skip(f"no Python {', '.join(missing)} on this machine: installed on {', '.join(found)} only")
