"""Benchmark the default briefing on the shipped data scaled 1×, 10× and 100×.

For each factor, ``benchmarks/scaled.py`` writes the shipped data repeated N times (valid,
not true), then this prints:
- validate: ``toolkit validate`` on it (seconds);
- build: a cold ``toolkit build --force`` with an empty cache, HTML and PDF (seconds);
- peak memory: the most the build's whole process tree (build + kernels) held at once,
  sampled every 0.1 s (RSS, MB);
- HTML size (MB), PDF pages (``pdfinfo``);
- open: seconds until headless Chromium has loaded the HTML and drawn two frames (if
  Playwright and Chromium are installed; else "—").
Goal (issue 18): 100× builds HTML and PDF in under 120 s with a PDF of at most 80 pages.
Run: .venv/bin/python benchmarks/bench_scale.py [--factors 1,10,100]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaled import write_scaled_package  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(cmd: list[str], env: dict) -> tuple[float, int]:
    """Run ``cmd``; return (seconds, peak RSS of its process tree in bytes)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    peak, done = [0], threading.Event()

    def sample() -> None:
        watched = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                peak[0] = max(peak[0], tree_rss(watched))
            except psutil.Error:
                return
            done.wait(0.1)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate(timeout=1800)
    done.set()
    sampler.join()
    seconds = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    return seconds, peak[0]


def open_seconds(html: Path) -> str:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "—"
    if not Path(CHROMIUM).exists():
        return "—"
    args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page()
        t0 = time.perf_counter()
        page.goto(html.as_uri(), wait_until="load", timeout=300_000)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        seconds = time.perf_counter() - t0
        browser.close()
    return f"{seconds:.1f}"


def pdf_pages(pdf: Path) -> str:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,10,100", help="comma-separated (default 1,10,100)")
    args = parser.parse_args()
    toolkit = [sys.executable, "-m", "toolkit"]
    print(f"{'data':>6} {'measures':>9} {'sources':>8} {'validate':>9} {'build':>8} "
          f"{'peak MB':>8} {'HTML MB':>8} {'PDF pages':>9} {'open s':>7}")
    for factor in (int(f) for f in args.factors.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"scale-{factor}x-") as tmp:
            work = Path(tmp)
            data = write_scaled_package(work / "data", factor)
            env = dict(os.environ, TOOLKIT_CACHE_DIR=str(work / "cache"))
            validate_s, _ = run_measured([*toolkit, "validate", "--quiet", str(data)], env)
            out = work / "reports"
            build_s, peak = run_measured([*toolkit, "build", "--force", "--data", str(data),
                                          "--output", str(out), "--format", "html,pdf"], env)
            html, pdf = out / "state-of-play.html", out / "state-of-play.pdf"
            measures = sum(1 for _ in open(data / "measures.csv")) - 1
            sources = sum(1 for _ in open(data / "sources.csv")) - 1
            print(f"{factor:>5}× {measures:>9,} {sources:>8,} {validate_s:>8.1f}s {build_s:>7.1f}s "
                  f"{peak / 2**20:>8.0f} {html.stat().st_size / 2**20:>8.1f} {pdf_pages(pdf):>9} "
                  f"{open_seconds(html):>7}", flush=True)
            shutil.rmtree(work / "cache", ignore_errors=True)


if __name__ == "__main__":
    main()
