"""orgdiag's import benchmark: a generated HR export of 10^5 and 10^6 rows, imported in a fresh process.

Each export is a CSV as an HR system writes it (id, name, title, manager id, a department path, status), with a
few hundred rows of each kind the report must catch: people who have left, duplicate ids, managers not in the
file. The import runs as ``orgdiag import big.csv -o big.json`` in a child process, whose wall time and peak
resident memory are recorded; the row count must balance. Results go to benchmarks/results/import.md and the
exit status is 1 if a target is missed.

    python benchmarks/bench_import.py                    # 100k and 1M
    python benchmarks/bench_import.py --sizes 100000     # a quick run
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (100_000, 1_000_000)
#: rows -> (seconds, peak MB): half a minute for a million rows, and not several copies in memory
TARGETS = {1_000_000: (30.0, 4096.0)}
DEPARTMENTS = ["Marketing > Digital > Social", "Marketing > Brand", "Sales > Nordics", "Customer Service", "IT > Web"]
TITLES = ["Social Media Manager", "Brand Manager", "Account Manager", "Support Agent", "Web Developer", "Analyst"]


def write_export(path: Path, rows: int, seed: int = 1) -> dict[str, int]:
    """A CSV of ``rows`` people in a tree of spans around 8; returns how many rows of each flaw it holds."""
    rng = random.Random(seed)
    flaws = {"inactive": 0, "duplicate": 0, "missing_manager": 0}
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Employee ID", "Full Name", "Job Title", "Manager ID", "Department Path", "Status"])
        for n in range(rows):
            manager = "" if n == 0 else f"E{rng.randrange(max(1, n // 8), n) if n > 8 else 0}"
            status, person = "Active", f"E{n}"
            if n > 10 and n % 5000 == 1:
                status, flaws["inactive"] = "Terminated", flaws["inactive"] + 1
            elif n > 10 and n % 5000 == 3:
                person, flaws["duplicate"] = f"E{n - 1}", flaws["duplicate"] + 1
            elif n > 10 and n % 5000 == 4:
                manager, flaws["missing_manager"] = f"X{n}", flaws["missing_manager"] + 1
            writer.writerow([person, f"Person {n}", rng.choice(TITLES), manager, rng.choice(DEPARTMENTS), status])
    return flaws


def run(rows: int, work: Path) -> dict[str, float | int | bool]:
    export, out = work / f"export-{rows}.csv", work / f"org-{rows}.json"
    flaws = write_export(export, rows)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    orgdiag = Path(sys.executable).parent / "orgdiag"
    command = [str(orgdiag), "import", str(export), "-o", str(out), "--format", "json"]
    finished = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    counts = json.loads(finished.stdout)["rows"]
    balanced = counts["read"] == rows == counts["used"] + counts["not_used"]
    caught = counts["not_used"] == flaws["inactive"] + flaws["duplicate"]
    return {"rows": rows, "seconds": round(seconds, 1), "peak_mb": round(peak_mb), "balanced": balanced and caught}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    results, failed = [], False
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.sizes:
            result = run(rows, Path(tmp))
            seconds, peak = TARGETS.get(rows, (float("inf"), float("inf")))
            result["ok"] = (
                bool(result["balanced"]) and float(result["seconds"]) <= seconds and float(result["peak_mb"]) <= peak
            )
            failed |= not result["ok"]
            results.append(result)
            print(json.dumps(result), flush=True)
    lines = ["| rows | seconds | peak MB | rows balance | target met |", "|---|---|---|---|---|"]
    lines += [f"| {r['rows']:,} | {r['seconds']} | {r['peak_mb']:,} | {r['balanced']} | {r['ok']} |" for r in results]
    out = Path(__file__).parent / ("results" if sorted(args.sizes) == list(SIZES) else "results-partial")
    out.mkdir(exist_ok=True)
    (out / "import.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
