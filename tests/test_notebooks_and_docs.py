"""Notebook hygiene and generated docs."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from conftest import DATA, ROOT

from toolkit.build.parameters import RESERVED, declared_parameters

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_parameter_is_typed_and_documented(path):
    params = declared_parameters(path)
    # the run folder is the build's business: the Recorder finds it, no notebook declares it
    assert not set(RESERVED) & set(params)
    for p in params.values():
        assert p.help, f"{path.name}: parameter {p.name} has no '# help' comment"
        assert p.type in ("str", "int", "float", "bool", "list", "dict")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_use_the_project_kernel_and_tell_a_story(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "export-controls-toolkit"
    markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert len(markdown) >= 3


def test_data_dictionary_is_current():
    out = subprocess.run([sys.executable, "-m", "toolkit", "docs", "--check"], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr


def test_data_dictionary_names_every_field():
    text = (ROOT / "docs" / "data.md").read_text()
    for res in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]:
        assert f"## `{res['name']}`" in text
        for field in res["schema"]["fields"]:
            assert f"| `{field['name']}` |" in text


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_run_unchanged_with_their_default_parameters(path, tmp_path):
    """As a researcher runs them in JupyterLab: no injected parameters at all (in a copy of the
    project, so nothing is written into this repository's reports/)."""
    import nbformat
    from nbclient import NotebookClient
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copy(ROOT / "reports.toml", tmp_path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="export-controls-toolkit", timeout=300,
                   resources={"metadata": {"path": str(tmp_path / "notebooks")}}).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert errors == []
    shown = [k for o in outputs for k in o.get("data", {})]
    # a researcher sees what the briefing will show: charts and the finding sentences
    assert any(k.startswith("application/vnd.vegalite") for k in shown), shown
    markdown = [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    if path.stem == "regime_comparison":
        assert any(m.startswith("- On ") and "had controls on" in m for m in markdown)
    recorded = json.loads((tmp_path / "reports" / "_lab" / path.stem / "artifacts.json").read_text())
    assert recorded["sections"] and recorded["sources"]


def test_the_default_briefing_is_the_notebooks_defaults_declared_once():
    """reports.toml gives the default briefing no parameters: the notebooks' own defaults are it,
    so a researcher running a notebook in Jupyter sees the numbers the briefing prints."""
    from toolkit.build.plan import read_definitions
    defs = read_definitions(ROOT / "reports.toml")
    assert "parameters" not in defs["briefings"][defs["default"]]
    timeline = declared_parameters(ROOT / "notebooks" / "timeline.ipynb")
    assert timeline["start"].default == "2022-01-01" and timeline["as_of"].default == "latest"
    regime = declared_parameters(ROOT / "notebooks" / "regime_comparison.ipynb")
    assert regime["since"].default == "2024-04-26" and regime["lag_level"].default == ""


def guide_commands() -> list[str]:
    """The `$ ` lines of the ```console blocks of docs/editing-a-notebook.md, in order."""
    text = (ROOT / "docs" / "editing-a-notebook.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, re.S)
    return [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]


def copy_project(tmp_path):
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copy(ROOT / "reports.toml", tmp_path)


@pytest.mark.slow
def test_the_notebook_guide_works_as_written(tmp_path):
    """Runs the guide's commands, from `toolkit new-notebook` to the built briefing."""
    commands = guide_commands()
    assert commands[0].startswith("toolkit new-notebook ") and len(commands) >= 3
    copy_project(tmp_path)
    for command in commands:
        argv = shlex.split(command)
        assert argv[0] == "toolkit", command
        out = subprocess.run([sys.executable, "-m", "toolkit", *argv[1:]], cwd=tmp_path,
                             capture_output=True, text=True)
        assert out.returncode == 0, f"{command}\n{out.stderr}"
    html = (tmp_path / "reports" / "chips.html").read_text(encoding="utf-8")
    assert "<h2>Example: the regime matrix</h2>" in html and 'class="narrative"' in html
    one_off = (tmp_path / "reports" / "chips-april-2024.html").read_text(encoding="utf-8")
    assert "2024-04-26" in one_off and "2024-04-26" not in html  # the -p build: its own name


@pytest.mark.slow
def test_nbconvert_execute_shows_the_chart_and_the_findings(tmp_path):
    """`jupyter nbconvert --to notebook --execute`, as a researcher would run it."""
    copy_project(tmp_path)
    notebook = tmp_path / "notebooks" / "regime_comparison.ipynb"
    out = subprocess.run([sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
                          "--ExecutePreprocessor.kernel_name=export-controls-toolkit",
                          "--output", "executed.ipynb", str(notebook)],
                         cwd=tmp_path / "notebooks", capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    cells = json.loads((tmp_path / "notebooks" / "executed.ipynb").read_text())["cells"]
    data = [o.get("data", {}) for c in cells for o in c.get("outputs", [])]
    assert any("application/vnd.vegalite.v5+json" in d for d in data)
    markdown = ["".join(d["text/markdown"]) for d in data if "text/markdown" in d]
    assert any(m.startswith("- On ") and "had controls on" in m for m in markdown)


@pytest.mark.slow
def test_papermill_command_line_takes_json_and_comma_lists(tmp_path):
    """`papermill … -p jurisdictions '["US","JP"]'` (the text reaches the notebook as text)."""
    copy_project(tmp_path)
    for n, value in enumerate(['["US","JP"]', "US,JP"]):
        out = subprocess.run([sys.executable, "-m", "papermill", "timeline.ipynb", f"out{n}.ipynb",
                              "-p", "jurisdictions", value, "-p", "start", "2023-01-01",
                              "-k", "export-controls-toolkit"],
                             cwd=tmp_path / "notebooks", capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        recorded = json.loads((tmp_path / "reports" / "_lab" / "timeline" / "artifacts.json")
                              .read_text())
        assert recorded["parameters"]["jurisdictions"] == ["US", "JP"]
