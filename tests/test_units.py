"""Small in-process tests: CLI entry points, parameters, artifacts, docs, CSV reading."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT

from toolkit import cli
from toolkit.artifacts import Finding, Recorder, add_svgs, read_artifacts
from toolkit.csvfile import read_csv
from toolkit.docs import data_dictionary, write_data_dictionary
from toolkit.errors import FormatError, ParameterError
from toolkit.parameters import Parameter, coerce, declared_parameters, resolve
from toolkit.schema import default_schema


def test_cli_validate_and_list(capsys):
    assert cli.main(["validate", str(ROOT / "data")]) == 0
    assert "valid (data version" in capsys.readouterr().err
    assert cli.main(["build", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "state-of-play (default)" in listed and "one per focus: JP, NL" in listed


@pytest.mark.parametrize("argv, code, message", [
    (["build", "-p", "novalue"], 2, "expected KEY=VALUE"),
    (["build", "--format", "docx"], 2, "--format 'docx': expected one or more of html, pdf"),
    (["build", "--jobs", "0"], 2, "--jobs must be at least 1"),
    (["build", "no-such-briefing"], 2, "unknown briefing 'no-such-briefing'"),
    (["build", "-p", "since=yesterday", "--dry-run"], 2, "parameter 'since' must be a date"),
])
def test_cli_user_errors_exit_with_a_message(capsys, argv, code, message):
    assert cli.main(argv) == code
    assert message in capsys.readouterr().err


def test_cli_dry_run_prints_the_plan(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.main(["build", "--dry-run", "--output", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "regime_comparison (would execute)" in err and "state-of-play.pdf" in err


def test_cli_without_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "usage: toolkit" in capsys.readouterr().out


def test_parameters_are_read_from_the_tagged_cell():
    params = declared_parameters(ROOT / "notebooks" / "regime_comparison.ipynb")
    assert params["as_of"] == Parameter("as_of", "str", "latest",
                                        'date compared, YYYY-MM-DD, or "latest" for today')
    assert params["scenario"].type == "list" and params["scenario"].default == []


@pytest.mark.parametrize("kind, text, value", [
    ("int", "3", 3), ("float", "0.5", 0.5), ("bool", "yes", True), ("bool", "0", False),
    ("list", "US,JP", ["US", "JP"]), ("list", '["US", "JP"]', ["US", "JP"]),
    ("list", "JP,NL:equipment_servicing;KR:persons_support",
     ["JP,NL:equipment_servicing", "KR:persons_support"]), ("list", "", []),
    ("dict", '{"JP": ["jp_meti_eul"]}', {"JP": ["jp_meti_eul"]}),
])
def test_values_from_the_command_line_are_coerced(kind, text, value):
    assert coerce(Parameter("x", kind, None, ""), text, "here") == value


@pytest.mark.parametrize("kind, text", [("int", "three"), ("bool", "maybe"), ("dict", "[1]"),
                                        ("list", '["a"')])
def test_wrong_types_name_the_parameter(kind, text):
    with pytest.raises(ParameterError, match=f"parameter 'x' must be {kind}"):
        coerce(Parameter("x", kind, None, ""), text, "here")


def test_resolve_refuses_unknown_and_reserved_names():
    declared = declared_parameters(ROOT / "notebooks" / "timeline.ipynb")
    with pytest.raises(ParameterError, match="did you mean 'start'"):
        resolve(declared, {"strat": "2020-01-01"}, "nb")
    with pytest.raises(ParameterError, match="set by the build"):
        resolve(declared, {"artifacts_dir": "/x"}, "nb")
    assert resolve(declared, {"include_events": "false"}, "nb")["include_events"] is False


def test_recorder_writes_structured_artifacts(tmp_path):
    import altair as alt
    rec = Recorder(tmp_path / "run", "demo", parameters={"as_of": pd.Timestamp("2024-04-26"),
                                                        "jurisdictions": ["US"]})
    rec.meta(as_of="2024-04-26", count=pd.NA)
    rec.findings([Finding("A finding.", ["src-a", "", "src-a"])])
    rec.section("s", "Section", intro="Plain <b>text</b>")
    rec.text("s", "Text.", ["src-b"])
    rec.table("s", pd.DataFrame({"a": [1, None], "when": [pd.Timestamp("2024-01-02"), pd.NaT],
                                 "source_id": ["src-c", None]}), caption="T")
    rec.chart("s", alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"), caption="C",
              alt="Alt text")
    with pytest.raises(KeyError, match="call section"):
        rec.text("missing", "x")
    sources = pd.DataFrame({"source_id": ["src-a", "src-b", "src-c", "src-d"], "url": ["u"] * 4})
    rec.cite(sources)
    doc = read_artifacts(tmp_path / "run")
    assert doc["parameters"] == {"as_of": "2024-04-26", "jurisdictions": ["US"]}
    assert doc["findings"] == [{"text": "A finding.", "citations": ["src-a"], "hypothetical": False}]
    table = doc["sections"][0]["blocks"][1]
    assert table["rows"] == [[1.0, "2024-01-02", "src-c"], [None, None, None]]
    assert sorted(doc["sources"]) == ["src-a", "src-b", "src-c"]
    add_svgs(tmp_path / "run")
    chart = read_artifacts(tmp_path / "run")["sections"][0]["blocks"][2]
    assert chart["alt"] == "Alt text" and "<svg" in chart["svg"]


def test_data_dictionary_is_generated_from_the_descriptor(tmp_path, capsys):
    text = data_dictionary(default_schema())
    assert "| `measure_id` | string | yes |" in text
    assert "Levels, lowest first: `none` < `limited` < `broad`." in text
    out = tmp_path / "data.md"
    assert write_data_dictionary(path=out) == 0 and out.read_text() == text
    out.write_text("stale")
    assert write_data_dictionary(check=True, path=out) == 1
    assert "out of date" in capsys.readouterr().err


def test_read_csv_reports_missing_columns_and_directories(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(FormatError, match=r"x.csv:1: missing column\(s\): c"):
        read_csv(f, required=["a", "c"])
    with pytest.raises(FormatError, match="is a directory"):
        read_csv(tmp_path)
    with pytest.raises(FormatError, match="row has 3 fields, the header has 2"):
        f.write_text("a,b\n1,2,3\n")
        read_csv(f)


def test_reports_toml_errors_name_the_file(tmp_path):
    from toolkit.build import read_definitions
    from toolkit.errors import ConfigError
    bad = tmp_path / "reports.toml"
    bad.write_text("[briefings.x\n")
    with pytest.raises(ConfigError, match=str(bad)):
        read_definitions(bad)
    bad.write_text('[briefings.x]\nnotebooks = ["nope"]\n')
    with pytest.raises(ConfigError, match="notebook 'nope' not found"):
        read_definitions(bad)
    bad.write_text('[briefings.x]\nnotebooks = []\n')
    with pytest.raises(ConfigError, match="'notebooks' is missing or empty"):
        read_definitions(bad)


def test_print_column_widths_follow_content_and_keep_every_word_whole():
    from toolkit.render import column_widths
    block = {"columns": ["Jurisdiction", "Level", "Set by"],
             "rows": [["US", "broad", "Export Controls on Semiconductor Manufacturing Items "
                                      "(October 2023 SME IFR)"],
                      ["JP", "limited", "Amendment of the Goods and Technologies Ordinance"]],
             "row_refs": [[{"n": 1}], [{"n": 12}, {"n": 13}]]}
    widths = column_widths(block)
    assert len(widths) == 4 and abs(sum(widths) - 100) < 0.1
    jurisdiction, level, set_by, source = widths
    assert set_by > jurisdiction > level > 0 and source < set_by
    # the header word "Jurisdiction" (bold) and "Semiconductor" fit: 100 characters per line
    assert jurisdiction >= (12 * 1.15 + 1.5) and set_by >= 13 + 1.5
    assert column_widths(block, limit=1) != widths  # only the printed rows count
