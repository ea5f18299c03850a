"""The command line: help, user errors, light imports, validate, list, dry run, docs."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from toolkit import cli


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True,
                          cwd=ROOT, **kw)


def test_import_toolkit_pulls_in_no_heavy_package():
    code = ("import sys, toolkit; heavy = [m for m in ('altair', 'weasyprint', 'papermill', "
            "'nbconvert', 'vl_convert', 'pandas') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_readme_names_resolve():
    import toolkit as tk
    for name in ("regime_matrix", "gaps", "diff", "lags", "scenario", "timeline", "validate",
                 "load_csl", "load_federal_register", "load_opensanctions", "load_comtrade",
                 "match_entities", "compare_lists", "listing_status", "Recorder", "Finding"):
        assert callable(getattr(tk, name)), name
    assert callable(tk.charts.regime_heatmap) and callable(tk.findings.gap_findings)
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        tk.nonsense  # noqa: B018


def test_help_names_the_subcommands_and_flags():
    out = run_cli("--help")
    assert out.returncode == 0
    for word in ("build", "validate", "docs", "--project"):
        assert word in out.stdout
    build_help = run_cli("build", "--help").stdout
    for flag in ("--format", "--jobs", "--force", "--dry-run", "--output", "-p", "--timeout",
                 "--wait"):
        assert flag in build_help


def test_without_command_prints_help_and_fails(capsys):
    assert cli.main([]) == 2
    assert "usage: toolkit" in capsys.readouterr().out


def test_validate_and_list(capsys):
    assert cli.main(["validate", str(ROOT / "data")]) == 0
    assert "valid (data version" in capsys.readouterr().err
    assert cli.main(["build", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "state-of-play (default)" in listed and "one per focus: JP, NL" in listed


@pytest.mark.parametrize("argv, code, message", [
    (["build", "-p", "novalue"], 2, "expected KEY=VALUE"),
    (["build", "--format", "odt"], 2, "--format: unknown format 'odt'; valid: html, pdf, memo, docx"),
    (["build", "--name", "state-of-play", "-p", "as_of=2025-06-30"], 2,
     "--name state-of-play: is a briefing defined in reports.toml"),
    (["build", "--name", "../up"], 2, "'../up' is not a valid name"),
    (["build", "--title", "Alone"], 2, "--title: give --name too"),
    (["build", "--jobs", "0"], 2, "--jobs must be at least 1"),
    (["build", "--timeout", "0"], 2, "--timeout must be a positive number of seconds"),
    (["build", "state-of-pley"], 2, "unknown briefing 'state-of-pley' (did you mean 'state-of-play'?)"),
    (["build", "-p", "since=yesterday", "--dry-run"], 2, "parameter 'since' must be a date"),
])
def test_user_errors_exit_with_one_message(capsys, argv, code, message):
    assert cli.main(argv) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_dry_run_prints_the_plan(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.main(["build", "--dry-run", "--output", str(tmp_path), "--timeout", "90"]) == 0
    err = capsys.readouterr().err
    assert "regime_comparison (would execute, timeout 90 s)" in err and "state-of-play.pdf" in err


def test_project_is_found_from_a_subfolder_or_named(tmp_path):
    out = subprocess.run([sys.executable, "-m", "toolkit", "build", "--list"], capture_output=True,
                         text=True, cwd=ROOT / "notebooks")
    assert out.returncode == 0 and "state-of-play (default)" in out.stdout
    out = subprocess.run([sys.executable, "-m", "toolkit", "build", "--list"], capture_output=True,
                         text=True, cwd=tmp_path)
    assert out.returncode == 2 and "no project folder found" in out.stderr
    out = subprocess.run([sys.executable, "-m", "toolkit", "--project", str(ROOT), "build", "--list"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0 and "state-of-play (default)" in out.stdout
    out = subprocess.run([sys.executable, "-m", "toolkit", "--project", str(tmp_path), "build"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 2 and "no reports.toml there" in out.stderr


def test_docs_check_detects_a_stale_data_dictionary(tmp_path, capsys):
    from toolkit.data.dictionary import data_dictionary, write_data_dictionary
    from toolkit.data.schema import default_schema
    text = data_dictionary(default_schema())
    assert "| `measure_id` | string | yes |" in text
    out = tmp_path / "data.md"
    assert write_data_dictionary(path=out) == 0 and out.read_text() == text
    out.write_text("stale")
    assert write_data_dictionary(check=True, path=out) == 1
    assert "out of date" in capsys.readouterr().err
