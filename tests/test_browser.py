"""The default briefing in headless Chromium: charts draw, nothing is fetched, links resolve."""

from __future__ import annotations

import pytest
from browser import crowded_labels, measure_svgs, open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(built):
    return open_page(built["dir"] / "state-of-play.html")


def test_every_chart_renders_its_marks(page):
    assert page.charts_rendered >= 4
    assert len(page.chart_marks) == page.charts_rendered
    assert all(n > 5 for n in page.chart_marks), page.chart_marks


def test_no_console_error_and_no_network_request(page):
    assert page.console_errors == []
    assert page.page_errors == []
    assert page.blocked == []


def test_sections_are_present(page):
    for section in ("key-findings", "regime_comparison-matrix", "regime_comparison-gaps",
                    "regime_comparison-changes", "regime_comparison-lags", "timeline-timeline",
                    "method", "sources"):
        assert section in page.section_ids
    assert "Key findings" in page.text and "Sources" in page.text


def test_footnotes_resolve_to_bibliography_entries(page):
    assert page.footnote_targets, "no footnotes"
    assert set(page.footnote_targets) <= set(page.bibliography_ids)
    # every bibliography entry is cited at least once
    assert set(page.bibliography_ids) <= set(page.footnote_targets)


def test_readable_on_a_phone(built):
    from browser import open_page as open_at
    narrow = open_at(built["dir"] / "state-of-play.html", width=375, measure_overflow=True)
    assert narrow.page_overflow <= 2, "the page scrolls sideways on a 375 px screen"
    assert narrow.charts_rendered >= 4


def _specs(html: str) -> list[dict]:
    import json
    import re
    return [json.loads(m) for m in re.findall(
        r'<script type="application/json" id="spec-[^"]+">(.*?)</script>', html, re.S)]


def test_axis_labels_never_run_together_on_screen(page):
    labelled = [a for chart in page.axes for a in chart["axes"] if len(a["labels"]) > 1]
    assert len(page.axes) == page.charts_rendered and len(labelled) >= 2 * 4, page.axes
    assert crowded_labels(page.axes) == []


def test_axis_labels_never_run_together_on_a_phone(built):
    narrow = open_page(built["dir"] / "state-of-play.html", width=375)
    assert narrow.axes and crowded_labels(narrow.axes) == []


def test_axis_labels_never_run_together_in_print(built):
    from toolkit.report.svg import draw_svg
    specs = _specs((built["dir"] / "state-of-play.html").read_text(encoding="utf-8"))
    assert len(specs) >= 4
    charts = measure_svgs([draw_svg(spec) for spec in specs])
    assert sum(len(a["labels"]) for chart in charts for a in chart["axes"]) > 50
    assert crowded_labels(charts) == []


def test_the_crowding_check_catches_labels_a_word_space_apart():
    def label(text, x0, x1):
        return {"text": text, "angle": 0, "scale": 1.0, "fontSize": 11, "box": [x0, 0, x1, 13]}
    axis = {"axis": "X-axis", "labels": [label("October", 0, 45), label("2023", 46.5, 73),
                                         label("April", 120, 148)]}
    assert crowded_labels([{"chart": "c", "axes": [axis]}]) == [
        "c, 'X-axis': 'October' and '2023' are 1.5 px apart (need 3.0)"]


def test_the_scenario_heading_says_hypothetical_once(built):
    report = open_page(built["dir"] / "servicing-gap-2024-04-26.html")
    scenario = [h for h in report.headings if "scenario" in h.lower()]
    assert scenario, report.headings
    for heading in scenario:
        assert heading.lower().count("hypothetical") == 1, heading


#: The regime matrix of "In brief" on the page: its text size, its box and the box it scrolls in.
MATRIX_JS = """(() => {
  const table = document.querySelector('#in-brief table.matrix');
  const wrap = table.closest('.table-wrap');
  const sizes = [...table.querySelectorAll('th, td')].map(c => parseFloat(getComputedStyle(c).fontSize));
  return {minFont: Math.min(...sizes), cells: sizes.length, overflowX: getComputedStyle(wrap).overflowX,
          wrapWidth: wrap.clientWidth, tableWidth: table.scrollWidth,
          wrapRight: wrap.getBoundingClientRect().right, viewport: window.innerWidth};
})()"""


def test_the_regime_matrix_stays_legible_on_a_phone(built):
    narrow = open_page(built["dir"] / "state-of-play.html", width=390, measure_overflow=True,
                       evaluate={"matrix": MATRIX_JS})
    matrix = narrow.evaluated["matrix"]
    assert matrix["cells"] >= 9 * 11  # a header row and ten dimensions, eight jurisdictions
    assert matrix["minFont"] >= 12, matrix  # never shrunk below legible text
    assert narrow.page_overflow <= 2  # the page itself does not scroll sideways ...
    assert matrix["wrapRight"] <= matrix["viewport"]
    # ... the matrix does, inside its own box, when it is wider than the screen
    assert matrix["tableWidth"] <= matrix["wrapWidth"] or matrix["overflowX"] in ("auto", "scroll")


def test_the_appendices_wait_closed_so_the_page_is_as_long_as_its_reading(built):
    closed = "document.querySelectorAll('.appendix details:not([open])').length"
    report = open_page(built["dir"] / "state-of-play.html", evaluate={
        "closed": "(document.querySelectorAll('details').forEach(d => d.open = false), " + closed + ")",
        "height": "document.documentElement.scrollHeight",
        "opened": "(document.querySelectorAll('details').forEach(d => d.open = true), "
                  "document.documentElement.scrollHeight)"})
    assert report.evaluated["closed"] >= 3
    assert report.evaluated["opened"] > 1.5 * report.evaluated["height"]
