"""Notebook parameters: read from the tagged cell (via papermill), coerced, checked."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from toolkit.build.checks import check_values
from toolkit.build.notebooks import notebook_checksum, read_notebook
from toolkit.build.parameters import Parameter, coerce, declared_parameters, resolve
from toolkit.core.errors import ParameterError
from toolkit.data.schema import default_schema


@pytest.fixture(autouse=True)
def _own_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


def test_parameters_are_read_from_the_tagged_cell():
    params = declared_parameters(ROOT / "notebooks" / "regime_comparison.ipynb")
    assert params["as_of"] == Parameter("as_of", "str", "latest",
                                        'date compared, YYYY-MM-DD, or "latest" for today')
    assert params["scenario"].type == "list" and params["scenario"].default == []
    assert list(params)[0] == "as_of"  # declaration order
    # read again from the per-user memo: the same result
    assert declared_parameters(ROOT / "notebooks" / "regime_comparison.ipynb") == params


def test_notebook_without_parameters_cell_or_literal_default(tmp_path):
    nb = read_notebook(ROOT / "notebooks" / "timeline.ipynb")
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("tags", None)
    path = tmp_path / "untagged.ipynb"
    path.write_text(json.dumps(nb))
    with pytest.raises(ParameterError, match="no code cell tagged 'parameters'"):
        declared_parameters(path)
    tagged = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
              "execution_count": None, "source": "start = compute()  # not a literal\n"}
    nb["cells"].insert(0, tagged)
    path.write_text(json.dumps(nb))
    with pytest.raises(ParameterError, match="'start' needs a literal default"):
        declared_parameters(path)
    path.write_text("{not json")
    with pytest.raises(ParameterError, match="not a valid notebook"):
        declared_parameters(path)


def test_checksum_ignores_outputs_but_not_sources(tmp_path):
    nb = read_notebook(ROOT / "notebooks" / "timeline.ipynb")
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    before = notebook_checksum(path)
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    path.write_text(json.dumps(nb))
    assert notebook_checksum(path) == before
    code["source"] = "# changed\n" + "".join(code["source"])
    path.write_text(json.dumps(nb))
    assert notebook_checksum(path) != before


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


@pytest.mark.parametrize("value, message", [("2024-02-30", "2024-02-30 is not a real date"),
                                            ("yesterday", "must be a date YYYY-MM-DD")])
def test_dates_are_real_calendar_days(value, message):
    with pytest.raises(ParameterError, match=message):
        check_values({"since": value}, default_schema(), "here")


def test_resolve_refuses_unknown_and_reserved_names():
    declared = declared_parameters(ROOT / "notebooks" / "timeline.ipynb")
    with pytest.raises(ParameterError, match="did you mean 'start'"):
        resolve(declared, {"strat": "2020-01-01"}, "nb")
    with pytest.raises(ParameterError, match="set by the build"):
        resolve(declared, {"artifacts_dir": "/x"}, "nb")
    assert resolve(declared, {"include_events": "false"}, "nb")["include_events"] is False
