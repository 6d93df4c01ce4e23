"""Render benchmark: pyhelm vs the reference Helm (helm-python-sdk) on the same work.

Renders every case of ../shared/charts/cases.json with both engines, in process,
with each chart already loaded, ROUNDS times, and prints each engine's total time
and the ratio pyhelm/reference (below 1.0 means pyhelm is faster).

    .venv/bin/python benchmarks/render.py [--rounds N] [--case SUBSTRING]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import helm_python  # noqa: E402 - the reference, a test dependency
from oracle import ref_values_files  # noqa: E402

import pyhelm  # noqa: E402

CHARTS = ROOT.parent / "shared" / "charts"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="renders of each case per engine")
    parser.add_argument("--case", default="", help="only cases whose id contains this")
    args = parser.parse_args()
    cases = [c for c in json.loads((CHARTS / "cases.json").read_text()) if args.case in c["id"]]
    ours_total = ref_total = 0.0
    print(f"{'case':70} {'pyhelm s':>9} {'helm s':>9} {'ratio':>6}")
    for case in cases:
        chart_dir = CHARTS / case["chart"]
        values = ref_values_files([chart_dir / v for v in case["values"]])
        ref_chart = helm_python.Chart.load(str(chart_dir))
        our_chart = pyhelm.load_chart(chart_dir)
        try:
            ref_time = timed(ref_chart.render, args.rounds, values, name="release-name", namespace="default")
        except helm_python.HelmError:
            continue  # a case the reference rejects measures nothing
        ours_time = timed(pyhelm.render, args.rounds, our_chart, values)
        ours_total += ours_time
        ref_total += ref_time
        print(f"{case['id'][:70]:70} {ours_time:9.3f} {ref_time:9.3f} {ours_time / ref_time:6.2f}")
    print(f"\ntotal: pyhelm {ours_total:.3f} s, reference {ref_total:.3f} s, ratio pyhelm/reference {ours_total / ref_total:.2f}")
    return 0


def timed(work, rounds: int, *args, **kwargs) -> float:
    """Seconds spent calling ``work(*args, **kwargs)`` ``rounds`` times."""
    start = time.perf_counter()
    for _ in range(rounds):
        work(*args, **kwargs)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
