"""Every output orgdiag writes for the demo, the fixtures, synthetic orgs and the importers' files, as sha256 sums.

A refactoring that changes no behaviour must leave all of them byte-identical:

    python tests/snapshot/outputs.py record tests/snapshot/outputs.sha256   # before
    python tests/snapshot/outputs.py check tests/snapshot/outputs.sha256    # after: lists what differs

Each command's stdout, stderr and exit status are outputs too; the checkout's folder is written ROOT in all
of them, so that two checkouts compare. Not part of `make test`: it runs the CLI some
four hundred times (about six minutes), and its sums are those of this machine's Graphviz and fonts.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, when this file runs as a script
from rulecases import written_cases  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
ORGDIAG = str(Path(sys.executable).parent / "orgdiag")
DEMO = FIXTURES / "demo" / "nordvik-sport.yaml"


def org_fixtures() -> Iterator[tuple[str, Path]]:
    """(name, org file) of every hand-written organisation: the demo's and healthy ones under fixtures/ (not the
    expected findings), then every rule's cases, each written to a temporary file while its commands run."""
    for path in sorted(p for folder in ("demo", "healthy") for p in (FIXTURES / folder).rglob("*.yaml")):
        if not path.name.endswith(".expected.yaml"):
            yield str(path.relative_to(FIXTURES).with_suffix("")), path
    with tempfile.TemporaryDirectory() as folder:
        yield from written_cases(Path(folder))


def import_cases() -> Iterator[tuple[str, list[str]]]:
    """(name, arguments of `orgdiag import`) for every export the importers are tested on."""
    for path in sorted((FIXTURES / "import").rglob("*")):
        if path.is_file() and path.parent.name not in ("overlays", "uk-organogram"):
            yield f"import/{path.parent.name}/{path.stem}", [str(path)]
    yield (
        "import/uk-organogram/documented",
        [str(FIXTURES / "import" / "uk-organogram" / f"documented-{sheet}.csv") for sheet in ("senior", "junior")],
    )
    real = FIXTURES / "real"
    for folder in ("uk-organogram", "uk-organogram-history"):
        for senior in sorted((real / folder).glob("*senior.csv")):
            junior = senior.with_name(senior.name.replace("senior", "junior"))
            yield f"real/{folder}/{senior.stem}", [str(senior), str(junior), "--preset", "uk-organogram"]
    for path in sorted((real / "d3-org-chart").glob("*.csv")):
        yield f"real/d3-org-chart/{path.stem}", [str(path)]
    oracle = real / "d3-org-chart" / "data-oracle.csv"
    overlay = FIXTURES / "import" / "overlays" / "oracle-hr-marketing.yaml"
    yield "real/d3-org-chart/oracle-with-overlay", [str(oracle), "--overlay", str(overlay)]
    for path in sorted((real / "scim").glob("*.json")):
        yield f"real/scim/{path.stem}", [str(path), "--preset", "scim"]


def commands(work: Path) -> Iterator[tuple[str, list[str]]]:
    """(name, arguments) of every command whose outputs are recorded; output folders are named after them."""
    yield "demo", ["demo", "--out", "demo"]
    yield "restructure-demo", ["restructure", str(DEMO), "--out", "restructure-demo"]
    yield "restructure-demo-json", ["restructure", str(DEMO), "--format", "json", "--out", "restructure-demo-json"]
    yield "compare-demo", ["compare", str(DEMO), "restructure-demo/after.yaml", "--out", "compare-demo"]
    for case, org in org_fixtures():
        name = f"fixtures/{case}"
        yield f"{name}/out", ["diagnose", str(org), "--out", f"{name}/out"]
        yield f"{name}/text", ["diagnose", str(org)]
        yield f"{name}/json", ["diagnose", str(org), "--format", "json"]
        yield f"{name}/restructure", ["restructure", str(org), "--format", "json", "--out", f"{name}/restructure"]
    for positions, seed in ((200, 1), (1000, 0), (5000, 3)):
        name = f"synth/{positions}-{seed}"
        yield f"{name}/file", ["synth", "--positions", str(positions), "--seed", str(seed), "-o", f"{name}.json"]
        yield f"{name}/out", ["diagnose", f"{name}.json", "--out", f"{name}/out"]
        yield f"{name}/focus", ["diagnose", f"{name}.json", "--out", f"{name}/focus", "--focus", "u1"]
        yield f"{name}/restructure", ["restructure", f"{name}.json", "--format", "json", "--out", f"{name}/restructure"]
    for name, args in import_cases():
        yield f"{name}/import", ["import", *args, "-o", f"{name}/org.yaml", "--out", f"{name}/report"]
        yield f"{name}/import-json", ["import", *args, "--format", "json", "-o", f"{name}/org.json"]
        yield f"{name}/diagnose", ["diagnose", *args, "--format", "json"]
    yield "rules/docs", ["rules", "docs", "--out", "rules-docs"]
    yield "rules/list", ["rules", "list"]
    yield "rules/list-json", ["rules", "list", "--format", "json"]
    yield "rules/explain", ["rules", "explain", "OD105", "--org", str(DEMO)]
    yield "schema", ["schema"]
    yield "presets", ["import", "--list-presets"]


def run_all(work: Path) -> dict[str, str]:
    """Run every command in ``work``; the sha256 of each file written and of each stdout, stderr and status."""
    sums: dict[str, str] = {}
    for name, args in commands(work):
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([ORGDIAG, *args], cwd=work, capture_output=True, check=False)
        for stream, data in (("stdout", done.stdout), ("stderr", done.stderr)):
            sums[f"{name}.{stream}"] = _sum(data)
        sums[f"{name}.status"] = str(done.returncode)
    for path in sorted(work.rglob("*")):
        if path.is_file():
            sums[str(path.relative_to(work))] = _sum(path.read_bytes())
    return sums


def _sum(output: bytes) -> str:
    """The sha256 of an output with the checkout's folder named ROOT: reports name the files they read."""
    return hashlib.sha256(output.replace(str(ROOT).encode(), b"ROOT")).hexdigest()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("record", "check"):
        print(__doc__)
        return 2
    manifest = Path(argv[1])
    with tempfile.TemporaryDirectory() as folder:
        sums = run_all(Path(folder))
    if argv[0] == "record":
        manifest.write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items())))
        print(f"recorded {len(sums)} outputs in {manifest}")
        return 0
    recorded = dict(reversed(line.split("  ", 1)) for line in manifest.read_text().splitlines())
    differ = sorted(name for name in recorded.keys() | sums.keys() if recorded.get(name) != sums.get(name))
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(sums)} outputs, {len(differ)} differ from {manifest}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
