"""The PDF briefing, checked with poppler's tools: fonts, text, pages, vector charts."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import require_tool

pytestmark = pytest.mark.slow


def poppler(tool: str, *args) -> str:
    return subprocess.run([require_tool(tool), *args], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def pdf(built):
    return built["dir"] / "state-of-play.pdf"


def test_all_fonts_are_embedded(pdf):
    rows = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no fonts"
    for row in rows:
        assert row.split()[-5] == "yes", row  # the 'emb' column


def test_chinese_japanese_and_korean_titles_have_a_font(pdf):
    """Sources cite titles in Chinese, Japanese and Korean: they must print, not show as boxes."""
    fonts = poppler("pdffonts", str(pdf))
    assert "WenQuanYi" in fonts, fonts
    text = poppler("pdftotext", str(pdf), "-")
    assert "輸出貿易管理令" in text  # a METI ordinance's title, in the bibliography


def test_headings_and_as_of_date_in_text(pdf):
    text = poppler("pdftotext", "-layout", str(pdf), "-")
    for heading in ("Key findings", "Regime matrix", "What changed since 2024-04-26",
                    "Timeline of measures and events", "Method and data provenance",
                    "Glossary of dimensions and levels", "Sources"):
        assert heading in text, heading
    assert "As of 20" in text
    assert "Why this level" in text and "AE-" in text  # each level with its codebook rule
    assert "Page 2 of" in text


def test_table_of_contents_has_page_numbers_and_pages_have_a_running_header(pdf):
    import re
    first = poppler("pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-")
    assert re.search(r"Key findings[ .]+\d+", first), first[:800]
    assert re.search(r"Sources[ .]+\d+", first)
    second = poppler("pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-").splitlines()
    header = next(line for line in second if line.strip())
    assert "Semiconductor export controls: the state of play" in header
    assert "As of 20" in header


def test_page_count_is_sane(pdf):
    info = poppler("pdfinfo", str(pdf))
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert 4 <= pages <= 60


def test_charts_are_vector_not_images(pdf):
    images = poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert images == []
    text = poppler("pdftotext", str(pdf), "-")
    # axis titles of the charts are real text in the PDF
    assert text.count("Regime dimension") >= 2
    assert "Jurisdiction" in text


def _last_lines(pdf, page: int) -> list[str]:
    """The last two lines of text on a page (its running footer left out)."""
    lines = [" ".join(line.split()) for line in poppler("pdftotext", "-f", str(page), "-l", str(page),
                                                        "-layout", str(pdf), "-").splitlines()
             if line.strip() and not re.fullmatch(r"Page \d+ of \d+", line.strip())]
    return lines[-2:]


def stranded(last_lines: list[str], headings: set[str]) -> bool:
    """Whether a page ends with a heading: its last line is one, or the first line of one that
    wraps, or its last two lines end with one that wrapped."""
    if not last_lines:
        return False
    last, both = last_lines[-1], " ".join(last_lines)
    return any(h == last or both.endswith(h) or (len(last) >= 12 and h.startswith(last))
               for h in headings if len(h) > 3)


def test_no_page_ends_with_a_heading(pdf):
    """Headings are kept with what follows them: none is the last line of a page."""
    import html
    source = (pdf.parent / "state-of-play.html").read_text(encoding="utf-8")  # the same headings
    headings = {" ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
                for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", source, re.S)}
    assert {"Key findings", "Regime matrix", "Sources"} <= headings
    assert any(h.startswith("Appendix A: ") for h in headings)
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(pdf))).group(1))
    ends = [_last_lines(pdf, page) for page in range(1, pages + 1)]
    assert [(n, last) for n, last in enumerate(ends, 1) if stranded(last, headings)] == []


def test_the_stranded_heading_check_catches_one():
    headings = {"Timeline of measures and events", "Appendix A: Measures behind each level on 2026-12-03"}
    assert stranded(["• a finding.", "Timeline of measures and events"], headings)
    assert stranded(["Appendix A: Measures behind each level on"], headings)
    assert stranded(["Appendix A: Measures behind each level on", "2026-12-03"], headings)
    # a caption that happens to end like a heading is not one
    assert not stranded(["Regime dimension", "Measures behind each level on 2026-12-03"], headings)
    assert not stranded(["US 31 0"], headings) and not stranded([], headings)


def _pdf_objects(pdf) -> bytes:
    """Every stream of the PDF, inflated (the catalog and structure tree sit in object streams)."""
    import zlib
    data = pdf.read_bytes()
    out = []
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            out.append(zlib.decompress(data[m.end():data.find(b"endstream", m.end())]))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_the_pdf_is_tagged_for_screen_readers(pdf):
    """Tagged, with the document's language, and every chart a Figure with its alt text."""
    assert re.search(r"Tagged:\s+yes", poppler("pdfinfo", str(pdf)))
    objects = _pdf_objects(pdf)
    assert b"/Lang (en)" in objects
    figures = poppler("pdfinfo", "-struct", str(pdf)).count("Figure")
    html = (pdf.parent / "state-of-play.html").read_text(encoding="utf-8")
    charts = html.count('data-vega-spec="spec-')
    assert figures == charts >= 4
    assert objects.count(b"/Alt") == charts
