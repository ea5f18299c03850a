"""Benchmark the build against the hand pipeline, on the default briefing's notebooks.

Prints, in one run:
- cold build: `toolkit build --force` with an empty cache (HTML and PDF);
- cached rebuild: `toolkit build` again, nothing changed (goal: under 0.5 s);
- hand pipeline: per notebook, the papermill CLI, `jupyter nbconvert --to html
  --no-input`, then WeasyPrint on that HTML, one after the other;
and the ratios (goal: cold build at most half the hand pipeline's time).
Each figure is the median of --repeat runs.
Run: .venv/bin/python benchmarks/bench_build.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Both pipelines run with Python's default bytecode cache, as on a user's machine: with
# PYTHONDONTWRITEBYTECODE=1 (set on the project's own machine) every process that imports the
# toolkit from a checkout compiles its modules again (51 of them, 0.075 s in a profiled
# cached rebuild).
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], env: dict | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env={**BASE_ENV, **(env or {})})
    return time.perf_counter() - t0


def hand_pipeline(work: Path, notebooks: list[tuple[str, dict]]) -> float:
    t0 = time.perf_counter()
    for name, params in notebooks:
        out = work / f"{name}.ipynb"
        args = [a for k, v in params.items() for a in ("-p", k, str(v))]
        subprocess.run([str(BIN / "papermill"), str(ROOT / "notebooks" / f"{name}.ipynb"), str(out),
                        "--no-progress-bar", "-k", "export-controls-toolkit", *args, "-p",
                        "artifacts_dir", str(work / name)], check=True, capture_output=True, cwd=ROOT,
                       env=BASE_ENV)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)],
                       check=True, capture_output=True, cwd=ROOT, env=BASE_ENV)
        subprocess.run([str(BIN / "weasyprint"), str(out.with_suffix(".html")),
                        str(out.with_suffix(".pdf"))], check=True, capture_output=True, cwd=ROOT,
                       env=BASE_ENV)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # HTML + PDF, as the hand pipeline makes (the briefing's memo, Word, workbook and citations
    # are not part of the comparison)
    toolkit = [sys.executable, "-m", "toolkit", "build", "state-of-play", "--format", "html,pdf"]
    notebooks = [("regime_comparison", {"as_of": "latest", "since": "2024-04-26", "reference": "US",
                                        "lag_level": "broad"}),
                 ("timeline", {"reference": "US", "start": "2022-01-01"}),
                 ("entity_lists", {"as_of": "latest", "reference": "US"})]
    cold, cached, hand = [], [], []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            env = {"TOOLKIT_CACHE_DIR": str(Path(tmp) / "cache")}
            out = str(Path(tmp) / "out")
            cold.append(timed(toolkit + ["--output", out], env))  # empty cache: nothing to reuse
            cached.append(timed(toolkit + ["--output", out], env))
            hand.append(hand_pipeline(Path(tmp), notebooks))
        print(f"run {i + 1}: cold {cold[-1]:.2f} s, cached {cached[-1]:.2f} s, hand {hand[-1]:.2f} s "
              f"(cold / hand {cold[-1] / hand[-1]:.2f})",
              flush=True)
    c, r, h = (statistics.median(x) for x in (cold, cached, hand))
    print(f"\ncold build ({len(notebooks)} notebooks, HTML + PDF)  median {c:6.2f} s")
    print(f"cached rebuild                         median {r:6.2f} s  (goal < 0.5 s: "
          f"{'ok' if r < 0.5 else 'OVER GOAL'})")
    print(f"hand pipeline (papermill + nbconvert + WeasyPrint per notebook)  median {h:6.2f} s")
    print(f"cold / hand = {c / h:.2f}  (goal <= 0.50: {'ok' if c / h <= 0.5 else 'OVER GOAL'});  "
          f"hand / cached = {h / r:.0f}x")
    # each run's pair was measured minutes apart at most: the ratio of a pair is steadier than
    # the ratio of medians when other work on a shared machine comes and goes
    paired = statistics.median(c_ / h_ for c_, h_ in zip(cold, hand))
    print(f"median of the runs' own cold / hand: {paired:.2f}")


if __name__ == "__main__":
    main()
