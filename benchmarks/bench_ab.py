"""Cold builds of this checkout against another revision, run alternately (A, B, A, B …), so
that load from other work on a shared machine falls on both alike.

The other revision is checked out in a temporary git worktree and run with the same Python
(its folder first on PYTHONPATH); each build gets an empty cache and output folder.
Prints each pair and the medians.
Run: .venv/bin/python benchmarks/bench_ab.py REV [--repeat N] [-- BUILD ARGS]
e.g. benchmarks/bench_ab.py HEAD~3 --repeat 5 -- by-jurisdiction --format html,pdf
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
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cold(tree: Path, args: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(BASE_ENV, TOOLKIT_CACHE_DIR=str(Path(tmp) / "cache"), PYTHONPATH=str(tree))
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "toolkit", "build", *args, "--output",
                        str(Path(tmp) / "out")], cwd=tree, env=env, check=True, capture_output=True)
        return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rev", help="the revision to compare with (e.g. HEAD~1, a commit)")
    parser.add_argument("--repeat", type=int, default=5)
    argv = sys.argv[1:]
    build = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    # after --: the arguments of `toolkit build`
    args.build = build or ["state-of-play", "--format", "html,pdf"]
    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "other"
        subprocess.run(["git", "worktree", "add", "--detach", str(other), args.rev], cwd=ROOT,
                       check=True, capture_output=True)
        try:
            a, b = [], []
            for i in range(args.repeat):
                a.append(cold(other, args.build))
                b.append(cold(ROOT, args.build))
                print(f"pair {i + 1}: {args.rev} {a[-1]:.2f} s, this checkout {b[-1]:.2f} s",
                      flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT,
                           capture_output=True)
    print(f"\n`toolkit build {' '.join(args.build)}`, cold, {args.repeat} pairs: "
          f"{args.rev} median {statistics.median(a):.2f} s, this checkout median "
          f"{statistics.median(b):.2f} s; median of the pairs' differences "
          f"{statistics.median(x - y for x, y in zip(a, b)):+.2f} s")


if __name__ == "__main__":
    main()
