"""Benchmark the analysis on a synthetic package of 100,000 provisions.

Prints the median time of regime_matrix, diff and timeline over repeated runs
(goal: each under 50 ms on a 2-core machine), plus the one-off load time.
Run: .venv/bin/python benchmarks/bench_analysis.py [--provisions N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_synthetic_package  # noqa: E402


def median_ms(fn, repeat: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provisions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    import toolkit as tk
    from toolkit.analysis.regime import prepare

    with tempfile.TemporaryDirectory() as tmp:
        path = write_synthetic_package(Path(tmp) / "data", provisions=args.provisions)
        t0 = time.perf_counter()
        ds = tk.load_dataset(path)
        prepare(ds)
        load_s = time.perf_counter() - t0
        n = len(ds.frames["provisions"])
        print(f"synthetic package: {n:,} provisions, {len(ds.frames['measures']):,} measures, "
              f"{len(ds.frames['events']):,} events")
        print(f"load + validate + prepare (once): {load_s * 1000:.0f} ms")
        results = {
            "regime_matrix": median_ms(lambda: tk.regime_matrix("2023-06-30", data=ds), args.repeat),
            "diff": median_ms(lambda: tk.diff("2021-01-01", "2024-01-01", data=ds), args.repeat),
            "timeline": median_ms(lambda: tk.timeline("2020-01-01", "2024-12-31", data=ds), args.repeat),
        }
        for name, ms in results.items():
            verdict = "ok" if ms < 50 else "OVER GOAL"
            print(f"{name:<14} median {ms:7.1f} ms over {args.repeat} runs  (goal < 50 ms: {verdict})")


if __name__ == "__main__":
    main()
