"""Regenerate docs/briefing.png and docs/memo.png: the default briefing as a reader first sees
it, and the first page of its two-page memo.

Builds the default briefing if needed, opens it in headless Chromium (Debian's, driven by
Playwright) with the network blocked, waits for the charts and takes a screenshot; the memo's
first page is drawn by poppler's pdftoppm.
Run: make screenshot   (or .venv/bin/python scripts/screenshot.py [--width 1100])
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=1500)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "briefing.png")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium is not installed: scripts/system-deps.sh test", file=sys.stderr)
        return 1
    # every format: a build in fewer would remove the others (a briefing's formats are one build's)
    subprocess.run([sys.executable, "-m", "toolkit", "build"], check=True, cwd=ROOT)
    page_path = ROOT / "reports" / "state-of-play.html"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(page_path.as_uri())
        page.wait_for_function("document.documentElement.dataset.chartsRendered !== undefined")
        page.evaluate("document.getElementById('regime_comparison-matrix').scrollIntoView()")
        page.evaluate("window.scrollBy(0, -40)")
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out}")
    memo = args.out.with_name("memo")
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "60", "-png", "-singlefile",
                    str(ROOT / "reports" / "state-of-play.memo.pdf"), str(memo)], check=True)
    print(f"wrote {memo}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
