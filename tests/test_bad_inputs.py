"""Bad input: a clear message naming file, row and column, before any kernel starts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.data.validation import validate

BAD = Path(__file__).resolve().parent / "bad_inputs"

CASES = [
    # file in bad_inputs/, message expected for the replaced file ({f} is its path)
    ("measures_ragged_row.csv", "{f}:3: row has 12 fields, the header has 13; the row was skipped"),
    ("measures_unbalanced_quote.csv", "{f}:3: malformed CSV in the row starting here:"),
    ("measures_renamed_column.csv", "{f}:1:effective_date: unknown column; datapackage.json declares"),
    ("measures_empty.csv", "{f}: the file is empty"),
    ("measures_binary_garbage.csv", "{f}: this is not a text file (it contains NUL bytes)"),
    ("measures_latin1.csv", "{f}:2: the file is not valid UTF-8 (byte 0xe8"),
    ("measures_impossible_date.csv",
     "{f}:2:date_announced: not a valid date; expected YYYY-MM-DD (a real calendar date) (2023-02-30)"),
    ("measures_unknown_jurisdiction.csv",
     "{f}:2:jurisdiction: C9: not an allowed value; expected one of US, JP, NL, KR, EU, TW, CN, UK, WA "
     "(FR)"),
    ("measures_duplicate_id.csv", "{f}:3:measure_id: duplicate id, first used on line 2"),
    ("measures_dangling_source.csv",
     "{f}:2:source_id: refers to a sources row that does not exist (sources.csv has no such "
     "source_id) (no-such-source)"),
    ("sources_javascript_url.csv", "{f}:3:url: not an http(s) URL (javascript:alert(document.cookie))"),
    ("provisions_unknown_dimension.csv",
     "{f}:2:dimension: C9: not an allowed value; expected one of advanced_equipment"),
]
WARNINGS = [
    ("measures_utf8_bom.csv", "warning: {f}:1: file starts with a UTF-8 byte-order mark"),
    ("measures_html_in_title.csv", "warning: {f}:2:title: text looks like HTML or a script; it will "
                                   "be shown as literal text, never run (<img src=x onerror=alert(1)>)"),
]


def target(name: str) -> str:
    return name.split("_", 1)[0] + ".csv"


def validate_cli(directory, *extra):
    return subprocess.run([sys.executable, "-m", "toolkit", *extra, "validate", str(directory)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("name, expected", CASES, ids=[c[0] for c in CASES])
def test_each_bad_file_gets_a_precise_message(data_copy, name, expected):
    replaced = data_copy / target(name)
    shutil.copy(BAD / name, replaced)
    out = validate_cli(data_copy)
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    assert any(line.startswith(expected.format(f=replaced)) for line in out.stdout.splitlines()), \
        out.stdout[:2000]


@pytest.mark.parametrize("name, expected", WARNINGS, ids=[c[0] for c in WARNINGS])
def test_accepted_oddities_are_warnings_not_errors(data_copy, name, expected):
    replaced = data_copy / target(name)
    shutil.copy(BAD / name, replaced)
    out = validate_cli(data_copy)
    assert expected.format(f=replaced) in out.stdout
    assert not any(line.startswith(str(replaced)) for line in out.stdout.splitlines())


def test_a_missing_data_file(data_copy):
    (data_copy / "events.csv").unlink()
    out = validate_cli(data_copy)
    assert out.returncode == 1
    assert f"{data_copy / 'events.csv'}: file not found" in out.stdout


def test_a_directory_that_is_not_a_data_package(tmp_path):
    out = validate_cli(tmp_path)
    assert out.returncode == 1
    assert f"{tmp_path / 'datapackage.json'}: no datapackage.json: is this a data directory?" in out.stdout


def test_bad_data_stops_the_build_before_any_kernel(data_copy, tmp_path):
    shutil.copy(BAD / "measures_impossible_date.csv", data_copy / "measures.csv")
    out = subprocess.run([sys.executable, "-m", "toolkit", "build", "--data", str(data_copy),
                          "--output", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1
    assert "measures.csv:2:date_announced: not a valid date" in out.stderr
    assert "Traceback" not in out.stderr and "executing" not in out.stderr
    assert not (tmp_path / "out" / "state-of-play.html").exists()


def test_debug_flag_shows_the_traceback(data_copy):
    shutil.copy(BAD / "measures_empty.csv", data_copy / "measures.csv")
    out = subprocess.run([sys.executable, "-m", "toolkit", "--debug", "build", "--data", str(data_copy),
                          "--dry-run"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode != 0 and "Traceback" in out.stderr


def test_a_missing_kernel_is_named_with_the_installed_ones(tmp_path):
    out = subprocess.run([sys.executable, "-m", "toolkit", "build", "--kernel", "no-such-kernel",
                          "--force", "--output", str(tmp_path)], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "TOOLKIT_CACHE_DIR": str(tmp_path / "cache")})
    assert out.returncode == 2
    assert "kernel 'no-such-kernel' is not installed; installed kernels:" in out.stderr
    assert "export-controls-toolkit" in out.stderr and "Traceback" not in out.stderr


# ---------------------------------------------------------------- property-based


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=st.text(max_size=60), column=st.sampled_from(["title", "date_announced", "jurisdiction",
                                                           "measure_id", "source_id", "confidence"]))
def test_arbitrary_text_in_a_cell_never_crashes_the_validator(data_copy, cell, column):
    import csv
    path = data_copy / "measures.csv"
    original = path.read_text(encoding="utf-8")
    try:
        rows = list(csv.reader(original.splitlines()))
        rows[1][rows[0].index(column)] = cell
        with open(path, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        report = validate(data_copy)
        for problem in report.errors:
            assert str(problem).startswith(str(data_copy))
    finally:
        path.write_text(original, encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=400))
def test_arbitrary_bytes_as_a_data_file_give_problems_not_tracebacks(data_copy, blob):
    path = data_copy / "events.csv"
    original = path.read_bytes()
    try:
        path.write_bytes(blob)
        report = validate(data_copy)
        assert report.errors  # garbage is never a valid events table
        assert all(str(p).startswith(str(data_copy)) for p in report.errors)
    finally:
        path.write_bytes(original)
