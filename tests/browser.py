"""Open a briefing in headless Chromium (Debian's, via Playwright) with the network blocked."""

from __future__ import annotations

import itertools
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
    #: per chart, per axis: the visible tick labels and their boxes (see AXIS_LABELS_JS)
    axes: list[dict] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    #: the results of the ``evaluate`` expressions open_page was given, by name
    evaluated: dict = field(default_factory=dict)


#: Every axis's visible tick labels in the charts under ``root``: the text, its font size and
#: its box in the label's own (possibly rotated) frame, in screen pixels. A label's box is its
#: getBBox() mapped by its screen transform and turned back by the label's angle, so labels
#: drawn at -35° are compared along their own lines, not by their upright envelopes.
#: Labels Vega hid (opacity 0, where it thinned crowded ticks) are not read.
AXIS_LABELS_JS = """root => [...document.querySelectorAll(root)].map((chart, n) => ({
  chart: chart.closest('[data-vega-spec]')?.dataset.vegaSpec || `svg-${n + 1}`,
  axes: [...chart.querySelectorAll('g.role-axis')].map(axis => ({
    axis: axis.getAttribute('aria-label') || axis.querySelector('.role-axis-title text')?.textContent || '',
    labels: [...axis.querySelectorAll('.role-axis-label text')]
      .filter(t => t.textContent.trim() && Number(getComputedStyle(t).opacity) > 0
              && t.getAttribute('opacity') !== '0')
      .map(t => {
        const bb = t.getBBox(), m = t.getScreenCTM(), r = t.getBoundingClientRect();
        const corners = [[bb.x, bb.y], [bb.x + bb.width, bb.y], [bb.x, bb.y + bb.height],
                         [bb.x + bb.width, bb.y + bb.height]]
          .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
        const angle = Math.atan2(m.b, m.a), cos = Math.cos(angle), sin = Math.sin(angle);
        const u = corners.map(([x, y]) => x * cos + y * sin);
        const v = corners.map(([x, y]) => y * cos - x * sin);
        return {text: t.textContent, angle: Math.round(angle * 180 / Math.PI),
                scale: Math.hypot(m.a, m.b), rect: [r.left, r.top, r.right, r.bottom],
                fontSize: parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize),
                box: [Math.min(...u), Math.min(...v), Math.max(...u), Math.max(...v)]};
      }),
  })),
}))"""


def label_gap(a: dict, b: dict) -> float:
    """Pixels between two labels' boxes (negative: they overlap), along the wider gap."""
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
    return max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1)


def crowded_labels(charts: list[dict], word_space: float = 0.25, floor: float = 3.0) -> list[str]:
    """Pairs of tick labels on one axis that overlap or sit closer than a word space.

    A word space is ``word_space`` em of the label's font, at least ``floor`` pixels,
    both scaled as the chart is drawn. Closer than that, two labels read as one
    ("October" "2023" as October 2023).
    """
    problems = []
    for chart in charts:
        for axis in chart["axes"]:
            for a, b in itertools.combinations(axis["labels"], 2):
                if a["angle"] != b["angle"]:
                    continue
                need = max(word_space * a["fontSize"], floor) * a["scale"]
                gap = label_gap(a, b)
                if gap < need:
                    problems.append(f"{chart['chart']}, {axis['axis'][:40]!r}: {a['text']!r} and "
                                    f"{b['text']!r} are {gap:.1f} px apart (need {need:.1f})")
    return problems


def measure_svgs(svgs: list[str], width: int = 1100) -> list[dict]:
    """The axis labels of standalone SVG charts (as the PDF prints them), drawn by Chromium."""
    executable = require_tool("chromium")
    from playwright.sync_api import sync_playwright
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.route("**/*", lambda r: r.abort())
            for n, svg in enumerate(svgs, 1):
                page.set_content(svg)
                for chart in page.evaluate(AXIS_LABELS_JS, "svg.marks"):
                    out.append(dict(chart, chart=f"print chart {n}"))
        finally:
            browser.close()
    return out


def open_page(path: Path, screenshot: Path | None = None, width: int = 1100,
              measure_overflow: bool = False, evaluate: dict[str, str] | None = None) -> PageReport:
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
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            report.text = page.inner_text("body")  # all of it, the appendices opened
            report.headings = page.evaluate("[...document.querySelectorAll('h1, h2')].map(h => h.innerText)")
            report.axes = page.evaluate(AXIS_LABELS_JS, "[data-vega-spec] svg.marks")
            if measure_overflow:
                report.page_overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            for name, expression in (evaluate or {}).items():
                report.evaluated[name] = page.evaluate(expression)
            if screenshot:
                page.screenshot(path=str(screenshot), full_page=False)
        finally:
            browser.close()
    return report
