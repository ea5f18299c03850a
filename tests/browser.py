"""Open a briefing in headless Chromium (Debian's, via Playwright) with the network blocked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from conftest import require_tool

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@dataclass
class PageReport:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    charts_rendered: int = -1
    chart_marks: list[int] = field(default_factory=list)
    section_ids: list[str] = field(default_factory=list)
    footnote_targets: list[str] = field(default_factory=list)
    bibliography_ids: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    text: str = ""
    page_overflow: int = 0


def open_page(path: Path, screenshot: Path | None = None, width: int = 1100,
              measure_overflow: bool = False) -> PageReport:
    executable = require_tool("chromium")
    from playwright.sync_api import sync_playwright
    report = PageReport()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("console", lambda m: m.type == "error" and report.console_errors.append(m.text))
            page.on("pageerror", lambda e: report.page_errors.append(str(e)))
            page.on("dialog", lambda d: (report.dialogs.append(d.message), d.dismiss()))

            def route(r):
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    report.blocked.append(r.request.url)
                    r.abort()
            page.route("**/*", route)
            page.goto(path.resolve().as_uri())
            page.wait_for_function("document.documentElement.dataset.chartsRendered !== undefined",
                                   timeout=60_000)
            report.charts_rendered = int(page.evaluate(
                "document.documentElement.dataset.chartsRendered"))
            report.chart_marks = page.evaluate(
                "[...document.querySelectorAll('[data-vega-spec]')].map(n => "
                "n.querySelectorAll('svg .mark-rect path, svg .mark-symbol path, svg .mark-rule line, "
                "svg .mark-text text, svg .mark-tick line, svg path').length)")
            report.section_ids = page.evaluate("[...document.querySelectorAll('section[id]')].map(s => s.id)")
            report.footnote_targets = page.evaluate(
                "[...document.querySelectorAll('sup.fn a')].map(a => a.getAttribute('href'))")
            report.bibliography_ids = page.evaluate(
                "[...document.querySelectorAll('.bibliography li')].map(li => '#' + li.id)")
            report.text = page.inner_text("body")
            if measure_overflow:
                report.page_overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if screenshot:
                page.screenshot(path=str(screenshot), full_page=False)
        finally:
            browser.close()
    return report
