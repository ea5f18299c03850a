"""Text hygiene: control and bidi characters and over-long values are refused; data text is isolated."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from conftest import ROOT

from toolkit.core.csvfile import read_csv
from toolkit.core.errors import FormatError
from toolkit.data.text import FIELD_LIMIT, LONG_TEXT_LIMIT, length_limit
from toolkit.data.validation import validate
from toolkit.report.render import assemble, render_html, render_index

RLO = "\u202e"


def edit(path, row: int, column: str, change) -> int:
    """Set ``column`` of data row ``row`` (1 = first after the header) to ``change(old)``;
    return the row's line number in the file."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    i = rows[0].index(column)
    rows[row][i] = change(rows[row][i])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        for n, _ in enumerate(reader):
            if n + 1 == row:
                return reader.line_num + 1
    raise AssertionError("row not found")


def errors(directory) -> list[str]:
    return [str(p) for p in validate(directory).errors]


def test_shipped_data_is_valid_with_room_under_every_limit():
    report = validate(ROOT / "data")
    assert report.errors == []
    for table in report.tables.values():
        for row in table.rows:
            for name, value in row.items():
                assert len(value) <= length_limit(name) * 0.6, (table.file, name, len(value))


def test_a_right_to_left_override_in_an_entity_name_is_refused(data_copy):
    path = data_copy / "entities.csv"
    line = edit(path, 2, "name", lambda name: f"{name} {RLO}[30]")
    found = errors(data_copy)
    assert [f for f in found if f.startswith(f"{path}:{line}:name: bidi control character \\u202e ")
            and "\\u202e[30]" in f] and len(found) == 1, found
    assert RLO not in found[0]  # shown escaped, never acting on the terminal


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067",
                                  "\u2068", "\u2069"])
def test_every_bidi_control_in_a_measure_title_is_refused(data_copy, char):
    path = data_copy / "measures.csv"
    line = edit(path, 3, "title", lambda title: char + title)
    shown = repr(char)[1:-1]
    found = errors(data_copy)
    assert len(found) == 1 and found[0].startswith(
        f"{path}:{line}:title: bidi control character {shown} reorders the text shown around it"), found
    assert found[0].endswith(f"({shown}" + found[0].split(f"({shown}", 1)[1]) and char not in found[0]


def test_right_to_left_text_without_controls_is_fine(data_copy):
    edit(data_copy / "entities.csv", 1, "aliases", lambda aliases: aliases + "; هواوي; הואווי")
    assert errors(data_copy) == []


def test_a_nul_byte_after_the_first_64_kib_is_refused(data_copy):
    path = data_copy / "measures.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        count = sum(1 for _ in csv.DictReader(fh))
    for row in range(1, count):  # pad summaries (within their limit) until the file is large
        if path.stat().st_size > 100_000:
            break
        edit(path, row, "summary", lambda s: (s + " padding" * 250)[:LONG_TEXT_LIMIT])
    line = edit(path, count, "summary", lambda s: s + " then\x00a NUL")
    assert path.read_bytes().index(b"\x00") > 65536
    found = errors(data_copy)
    assert len(found) == 1 and found[0].startswith(
        f"{path}:{line}:summary: control character \\x00; remove it (of the control characters "
        "only TAB, LF and CR are allowed) ("), found
    assert "then\\x00a NUL" in found[0]
    out = subprocess.run([sys.executable, "-m", "toolkit", "validate", str(data_copy)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    assert f"{path}:{line}:summary: control character \\x00" in out.stdout
    assert "\x00" not in out.stdout


def test_a_100_kb_title_is_refused_naming_the_limit(data_copy):
    path = data_copy / "measures.csv"
    line = edit(path, 4, "title", lambda title: (title + " ") * (100_000 // (len(title) + 1)))
    found = errors(data_copy)
    assert len(found) == 1 and found[0].startswith(
        f"{path}:{line}:title: value is ") and f"the limit for title is {FIELD_LIMIT}" in found[0]
    assert len(found[0]) < 400  # the value is shown cut, not whole


def test_running_text_may_be_long_up_to_its_own_limit(data_copy):
    path = data_copy / "measures.csv"
    line = edit(path, 1, "summary", lambda s: (s + " more" * 500)[:LONG_TEXT_LIMIT + 1])
    edit(path, 2, "summary", lambda s: (s + " more" * 500)[:LONG_TEXT_LIMIT])  # exactly the limit
    found = errors(data_copy)
    assert len(found) == 1 and found[0].startswith(
        f"{path}:{line}:summary: value is 2,001 characters long; the limit for summary is 2,000"), found


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x0c", "\x1f"])
def test_a_control_character_is_refused(data_copy, char):
    path = data_copy / "events.csv"
    line = edit(path, 5, "description", lambda text: text + char)  # at the end: not stripped away
    shown = repr(char)[1:-1]
    found = errors(data_copy)
    assert len(found) == 1 and found[0].startswith(
        f"{path}:{line}:description: control character {shown}; remove it"), found
    assert char not in found[0]


def test_a_control_character_alone_on_a_line_is_refused(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\x1c\n", encoding="utf-8")  # str.strip() would call this a blank line
    line = text.count("\n") + 1
    assert errors(data_copy)[0].startswith(f"{path}:{line}:event_id: control character \\x1c")


def test_tab_and_newline_inside_a_quoted_field_are_fine(data_copy):
    edit(data_copy / "measures.csv", 1, "title", lambda title: title.replace(" ", "\t", 1))
    edit(data_copy / "measures.csv", 2, "summary", lambda s: s + "\nSecond paragraph.\r\nThird.")
    assert errors(data_copy) == []
    assert '\t' in (data_copy / "measures.csv").read_text(encoding="utf-8")


def test_other_readers_refuse_control_characters_naming_line_and_column(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("name,country\nAcme,CN\nBad\x07 Co,CN\n", encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_csv(path)
    assert str(caught.value).startswith(f"{path}:3: name: control character \\x07; remove it")
    assert "(Bad\\x07 Co)" in str(caught.value)


def test_data_text_is_isolated_in_the_html():
    source = {"source_id": "s1", "publisher": "وزارة التجارة", "title": "قائمة الكيانات",
              "citation": "رقم 30", "url": "https://example.org", "date_accessed": "2026-11-27",
              "date_published": "", "source_quality": "official", "source_type": "primary"}
    art = {"notebook": "nb", "meta": {"as_of": "2024-04-26", "reference": "United States"},
           "findings": [{"text": "A finding.", "citations": ["s1"], "hypothetical": False}],
           "sections": [{"id": "x", "title": "X", "intro": "", "hypothetical": False, "blocks": [
               {"type": "table", "caption": "t", "columns": ["entity", "listed"],
                "rows": [["هواوي (Huawei)", "2019-05-16"]], "row_citations": ["s1"]}]}],
           "sources": {"s1": source}}
    provenance = {"toolkit_version": "0", "data_version": "0", "data_checksum": "0",
                  "git_commit": "0", "build_time": "2026-11-27T00:00:00Z", "parameters": {}}
    html = render_html(assemble("T", [art], provenance), "")
    assert '<bdi>وزارة التجارة</bdi>, <cite><bdi>قائمة الكيانات</bdi></cite>, <bdi>رقم 30</bdi>' in html
    assert '<th scope="row"><bdi>هواوي (Huawei)</bdi></th><td><bdi>2019-05-16</bdi></td>' in html
    assert "Compared against: <bdi>United States</bdi>." in html
    assert "unicode-bidi: isolate" in html
    index = render_index("Briefings", [{"href": "a.html", "title": "هواوي", "subtitle": "As of x",
                                        "pdf": None}], provenance)
    assert '<a href="a.html"><bdi>هواوي</bdi></a>' in index
