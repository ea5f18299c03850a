"""Scale: the briefing on 10–100× the shipped data. Charts stay drawable (no Vega-Lite row
limit), sentences name a few firms and count the rest, the PDF caps tables and footnote runs,
and the HTML opens with the first rows of a long table. The timings are in
benchmarks/bench_scale.py, not here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from toolkit.analysis.listings import listing_status
from toolkit.present import charts, findings
from toolkit.present.labels import join_words
from toolkit.report import render

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from scaled import write_scaled_package  # noqa: E402

DAY = "2025-01-01"
PROVENANCE = {"toolkit_version": "0", "data_version": "0", "data_checksum": "0",
              "git_commit": "0", "build_time": "2026-11-27T00:00:00Z", "parameters": {}}


def test_a_timeline_past_the_row_limit_is_drawn_as_counts_per_quarter():
    one = tk.timeline("2018-01-01", DAY)
    many = pd.concat([one] * 60, ignore_index=True)
    many.attrs = one.attrs
    measures = int((many["kind"] == "measure").sum())
    assert measures > 5000  # past Vega-Lite's inline row limit, which used to fail the build
    spec = charts.timeline_chart(many).to_dict()  # raised MaxRowsError before
    rows = next(iter(spec["datasets"].values()))
    assert spec["title"] == f"Measures per quarter ({measures:,} measures)"
    assert len(rows) < 500 and {"lane", "start", "end", "count"} <= set(rows[0])
    # the counts add up to the measures and events drawn
    assert sum(r["count"] for r in rows) == len(many.dropna(subset=["date"]))
    small = charts.timeline_chart(one).to_dict()
    assert "layer" in small  # at the shipped size: one line per measure, as before


def test_a_listings_grid_past_its_limit_shows_the_most_widely_listed_and_says_so():
    one = listing_status(DAY)
    copies = []
    for k in range(8):
        copy = one.copy()
        copy["entity_id"] = copy["entity_id"] + f"-x{k}"
        copy["name"] = copy["name"] + f" (copy {k})"
        copies.append(copy)
    many = pd.concat(copies, ignore_index=True)
    many.attrs = one.attrs
    firms = many["entity_id"].nunique()
    assert firms > charts.LISTED_FIRMS_LIMIT
    spec = charts.listings_chart(many).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    shown = {r["name"] for r in rows}
    assert len(shown) == charts.LISTED_FIRMS_LIMIT
    assert f"the {charts.LISTED_FIRMS_LIMIT} listed most widely of {firms}" in spec["title"]
    widest = many.groupby("name")["listed"].sum()
    assert min(widest[n] for n in shown) >= max(widest[n] for n in set(widest.index) - shown)


def test_sentences_name_a_few_firms_and_count_the_others():
    assert join_words(list("abc")) == "a, b and c"
    assert join_words(list("abcdefghij"), limit=8) == "a, b, c, d, e, f, g, h and 2 others"
    names = [f"Firm {i}" for i in range(1200)]
    assert join_words(names, limit=3).endswith("Firm 2 and 1,197 others")
    status = pd.DataFrame({"entity_id": [f"e{i}" for i in range(30)] * 2,
                           "name": [f"Firm {i}" for i in range(30)] * 2,
                           "jurisdiction": ["US"] * 30 + ["JP"] * 30,
                           "listed": [True] * 60, "source_id": ["s"] * 60})
    status.attrs["as_of"] = DAY
    japan = [f for f in findings.listing_findings(status) if f.text.startswith("JP listed")][0]
    assert japan.text.endswith(f"and {30 - findings.NAMES_LIMIT} others.")


def _artifact(rows: int, cited: int) -> dict:
    sources = {f"s{i}": {"source_id": f"s{i}", "publisher": "P", "title": f"S{i}", "citation": "c",
                         "url": "https://example.org", "date_accessed": "2026-11-27",
                         "date_published": "", "source_quality": "official",
                         "source_type": "primary"}
               for i in range(max(rows, cited))}
    return {"notebook": "nb", "meta": {"as_of": DAY},
            "findings": [{"text": "Many sources say so.", "hypothetical": False,
                          "citations": [f"s{i}" for i in range(cited)]}],
            "sections": [{"id": "t", "title": "T", "intro": "", "hypothetical": False, "blocks": [
                {"type": "table", "caption": "Long", "columns": ["n"],
                 "rows": [[f"row {i}"] for i in range(rows)],
                 "row_citations": [f"s{i}" for i in range(rows)]}]}],
            "sources": sources}


def test_the_pdf_caps_tables_and_footnote_runs_and_cites_only_what_it_prints():
    art = _artifact(rows=250, cited=30)
    printed = render.assemble("T", [art], PROVENANCE, for_print=True)
    assert printed.sections[0]["blocks"][0]["type"] == "annex"  # a long table is an appendix
    table = printed.appendices[0]["blocks"][0]
    assert len(table["rows"]) == render.PRINT_ROWS_LIMIT and table["more_rows"] == 250 - 40
    refs = printed.findings[0]["refs"]
    assert len(refs) == render.PRINT_REFS_LIMIT and printed.findings[0]["more_refs"] == 30 - 8
    assert len(printed.sources) == render.PRINT_ROWS_LIMIT  # the 8 cited are rows 0–7 too
    full = render.assemble("T", [_artifact(rows=250, cited=30)], PROVENANCE)
    assert len(full.findings[0]["refs"]) == 30 and len(full.sources) == 250
    html = render.render_pdf_html(printed)
    assert "[+22 in the HTML briefing]" in html
    assert "… and 210 more rows in the HTML briefing and the .xlsx workbook." in html


def test_the_html_opens_a_long_table_with_its_first_rows_and_keeps_the_rest():
    html = render.render_html(render.assemble("T", [_artifact(rows=250, cited=1)], PROVENANCE), "")
    table = next(t for t in re.findall(r"<table>.*?</table>", html, re.S) if "row 249" in t)
    first, rest = re.search(r"<tbody>(.*?)</tbody>.*?<tbody class=\"rest\" hidden>(.*?)</tbody>",
                            table, re.S).groups()
    assert first.count("<tr>") == render.HTML_ROWS_OPEN and rest.count("<tr>") == 150
    assert "row 249" in rest and "Show all 250 rows" in html
    short = render.render_html(render.assemble("T", [_artifact(rows=20, cited=1)], PROVENANCE), "")
    assert "tbody class=\"rest\"" not in short and "Show all" not in short


@pytest.mark.slow
def test_ten_times_the_data_builds_with_a_pdf_under_80_pages(tmp_path):
    data = write_scaled_package(tmp_path / "data", 10)
    out = tmp_path / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "build", "--data", str(data), "--output", str(out),
         "--format", "html,pdf"], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "TOOLKIT_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr[-3000:]
    info = subprocess.run(["pdfinfo", str(out / "state-of-play.pdf")], capture_output=True,
                          text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages <= 80, pages
    html = (out / "state-of-play.html").read_text()
    # the timeline table (over a thousand rows) opens with its first rows
    assert re.search(r"Show all 1,\d{3} rows", html)
