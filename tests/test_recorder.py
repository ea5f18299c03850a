"""What notebooks record: structured artifacts, and charts drawn for print."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from toolkit.report import Finding, Recorder
from toolkit.report.recorder import read_artifacts
from toolkit.report.svg import chart_specs, print_spec
from toolkit.report.worker import PrintWorker


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
    assert doc["meta"]["count"] is None
    assert doc["findings"] == [{"text": "A finding.", "citations": ["src-a"], "hypothetical": False,
                               "claims": []}]
    table = doc["sections"][0]["blocks"][1]
    assert table["rows"] == [[1.0, "2024-01-02", "src-c"], [None, None, None]]
    assert sorted(doc["sources"]) == ["src-a", "src-b", "src-c"]
    chart = doc["sections"][0]["blocks"][2]
    assert chart["alt"] == "Alt text" and chart_specs(doc) == [chart["spec"]]


def test_the_print_worker_draws_each_chart_once_as_svg_without_aria():
    spec = {"mark": "bar", "data": {"values": [{"a": "x", "b": 1}]},
            "encoding": {"x": {"field": "a", "type": "nominal"},
                         "y": {"field": "b", "type": "quantitative"}},
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json"}
    assert print_spec(spec)["config"]["aria"] is False
    worker = PrintWorker()
    try:
        first = worker.draw(spec)
        assert worker.draw(dict(spec)) is first  # the same spec is drawn once
        doc = {"sections": [{"blocks": [{"type": "chart", "spec": spec}]}]}
        worker.add_svgs([doc], "demo", png=True)
        block = doc["sections"][0]["blocks"][0]
        assert block["svg"].startswith("<svg") and "<rect" in block["svg"]
        assert "aria-label" not in block["svg"]
        assert block["png"].startswith(b"\x89PNG")
    finally:
        worker.close()


def test_the_build_records_without_displaying(tmp_path, monkeypatch):
    """Displaying is for researchers in Jupyter; a build's kernels (a run_dir given) only record."""
    import IPython.display
    shown_objects: list = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown_objects.append(obj))
    quiet = Recorder(tmp_path / "run", "demo")
    assert quiet.show is False
    quiet.findings([Finding("A quiet finding.")])
    assert shown_objects == []
    Recorder(tmp_path / "run2", "demo", show=True).findings([Finding("A shown finding.")])
    assert [o.data for o in shown_objects] == ["- A shown finding."]


def test_the_recorder_finds_its_run_folder_or_says_what_is_missing(tmp_path, monkeypatch):
    """No artifacts_dir to remember: the build's folder ($TOOLKIT_RUN_DIR or the injected
    parameter), else reports/_lab/<notebook> in the project; one clear line otherwise."""
    from toolkit.core.errors import ConfigError
    monkeypatch.setenv("TOOLKIT_RUN_DIR", str(tmp_path / "run"))
    rec = Recorder(notebook="demo")
    assert rec.path == tmp_path / "run" / "artifacts.json" and rec.path.exists()
    rec.section("s", "S")
    rec.value("total", 1234)
    rec.value("codes", ("US", "JP"))
    doc = json.loads(rec.path.read_text())
    assert doc["values"] == {"total": 1234, "codes": ["US", "JP"]}
    with pytest.raises(ValueError, match="must be a Python identifier"):
        rec.value("not a name", 1)
    with pytest.raises(ConfigError, match='Recorder\\(notebook="demo"\\)'):
        Recorder()
    monkeypatch.delenv("TOOLKIT_RUN_DIR")
    monkeypatch.delenv("TOOLKIT_PROJECT", raising=False)
    monkeypatch.chdir(tmp_path)  # no reports.toml here or above
    with pytest.raises(ConfigError, match="no project folder found"):
        Recorder(notebook="demo")
    (tmp_path / "reports.toml").write_text("")
    assert Recorder(notebook="demo").run_dir == tmp_path / "reports" / "_lab" / "demo"
def test_the_regime_matrix_is_recorded_cell_by_cell_with_each_levels_confidence(tmp_path):
    import toolkit as tk
    state = tk.regime_state("2024-04-26", ["US", "JP"], ["advanced_equipment", "materials"])
    rec = Recorder(tmp_path / "run", "demo")
    rec.matrix(state, tk.load_measures(), {"US": "United States", "JP": "Japan"})
    matrix = read_artifacts(tmp_path / "run")["matrix"]
    assert matrix["as_of"] == "2024-04-26" and matrix["jurisdictions"] == ["US", "JP"]
    assert matrix["dimensions"] == ["advanced_equipment", "materials"]
    assert matrix["levels"] == ["none", "limited", "broad"]
    cells = {(c["jurisdiction"], c["dimension"]): c for c in matrix["cells"]}
    us = cells[("US", "advanced_equipment")]
    assert us["level"] == "broad" and us["since"] == "2022-10-07"
    measures = tk.load_measures().set_index("measure_id")
    assert us["confidence"] == measures.loc[us["measure_id"], "confidence"]
    assert cells[("US", "materials")]["level"] == "none"
    assert cells[("US", "materials")]["confidence"] is None
