"""A deliberately broken copy of the data gets one precise message per problem."""

from __future__ import annotations

import csv
import subprocess
import sys

from conftest import ROOT

from toolkit.data.validation import validate


def rewrite(path, edit):
    """Apply ``edit(rows)`` to a CSV's rows (header first) and write it back."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def col(rows, name):
    return rows[0].index(name)


def messages(directory):
    return [str(p) for p in validate(directory).errors]


def test_shipped_data_is_valid():
    report = validate(ROOT / "data")
    assert report.errors == []
    assert report.schema.version


def test_each_problem_gets_one_precise_message(data_copy):
    measures = data_copy / "measures.csv"
    with open(measures, newline="", encoding="utf-8") as fh:
        original = list(csv.reader(fh))
    first_id = original[1][0]

    def break_measures(rows):
        rows[1][col(rows, "date_effective")] = "2023-02-30"       # impossible date, line 2
        rows[2][col(rows, "jurisdiction")] = "XX"                 # unknown code, line 3
        rows[3][col(rows, "measure_id")] = first_id               # duplicate id, line 4
    rewrite(measures, break_measures)

    def dangle(rows):
        rows[1][col(rows, "measure_id")] = "US-2099-no-such-measure"  # dangling key, line 2
    rewrite(data_copy / "provisions.csv", dangle)

    def drop_column(rows):
        i = col(rows, "actor")
        for row in rows:
            del row[i]
    rewrite(data_copy / "events.csv", drop_column)

    found = messages(data_copy)
    m = str(measures)
    expected = [
        f"{m}:2:date_effective: not a valid date; expected YYYY-MM-DD (a real calendar date) (2023-02-30)",
        f"{m}:3:jurisdiction: C9: not an allowed value; expected one of "
        "US, JP, NL, KR, EU, TW, CN, UK, WA (XX)",
        f"{m}:4:measure_id: duplicate id, first used on line 2 ({first_id})",
        f"{data_copy / 'provisions.csv'}:2:measure_id: refers to a measures row that does not exist "
        f"(measures.csv has no such measure_id) (US-2099-no-such-measure)",
        f"{data_copy / 'events.csv'}:1:actor: missing column",
    ]
    for text in expected:
        assert any(f.startswith(text) for f in found), (text, found)
    # one message per problem: nothing else is reported for these rows
    assert sum(f.startswith(f"{m}:2:date_effective") for f in found) == 1
    assert sum(":measure_id: duplicate id" in f for f in found) == 1


def test_cli_reports_all_problems_and_exits_1_without_traceback(data_copy):
    def bad_url(rows):
        rows[1][col(rows, "url")] = "javascript:alert(1)"
        rows[2][col(rows, "date_accessed")] = "yesterday"
    rewrite(data_copy / "sources.csv", bad_url)
    out = subprocess.run([sys.executable, "-m", "toolkit", "validate", str(data_copy)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    assert f"{data_copy / 'sources.csv'}:2:url: not an http(s) URL (javascript:alert(1))" in out.stdout
    assert f"{data_copy / 'sources.csv'}:3:date_accessed: not a valid date" in out.stdout
    assert "2 problem(s)" in out.stderr


def test_date_order_and_provision_rules(data_copy):
    def swap_dates(rows):
        a, e = col(rows, "date_announced"), col(rows, "date_effective")
        for row in rows[1:]:
            if row[a] and row[e] and row[a] < row[e]:
                row[a], row[e] = row[e], row[a]
                break
    rewrite(data_copy / "measures.csv", swap_dates)

    def wrong_jurisdiction(rows):
        j = col(rows, "jurisdiction")
        rows[1][j] = "KR" if rows[1][j] != "KR" else "JP"
    rewrite(data_copy / "provisions.csv", wrong_jurisdiction)
    report = validate(data_copy)
    found = [str(p) for p in report.errors]
    assert any(":date_effective: is before date_announced" in str(w) for w in report.warnings)
    assert any("provisions.csv:2:jurisdiction: C1: differs from its measure's jurisdiction" in f
               for f in found), found

    def unlist(rows):
        a, b = col(rows, "date_listed"), col(rows, "date_removed")
        rows[1][a], rows[1][b] = "2024-01-02", "2023-01-01"
    rewrite(data_copy / "listings.csv", unlist)
    assert any("listings.csv:2:date_removed: is before date_listed (2024-01-02) (2023-01-01)" in str(p)
               for p in validate(data_copy).errors)


def test_missing_file_and_missing_descriptor(data_copy, tmp_path):
    (data_copy / "events.csv").unlink()
    found = messages(data_copy)
    assert any(f.startswith(f"{data_copy / 'events.csv'}: file not found") for f in found), found
    empty = tmp_path / "empty"
    empty.mkdir()
    assert messages(empty) == [f"{empty / 'datapackage.json'}: no datapackage.json: is this a data "
                               "directory?"]


def test_markup_in_text_is_a_warning_not_an_error(data_copy):
    def inject(rows):
        rows[1][col(rows, "title")] = "<script>alert('x')</script> Rule"
    rewrite(data_copy / "measures.csv", inject)
    report = validate(data_copy)
    assert report.errors == []
    assert any("text looks like HTML" in str(w) for w in report.warnings)
