"""The default briefing in headless Chromium: charts draw, nothing is fetched, links resolve."""

from __future__ import annotations

import pytest
from browser import open_page

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
