"""``toolkit new-notebook``: a working notebook from the template, added to a briefing with
reports.toml's comments kept; refusals."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
from conftest import DATA, ROOT

from toolkit.build.parameters import declared_parameters
from toolkit.build.scaffold import _append_notebook, new_notebook


@pytest.fixture
def project(tmp_path):
    """A copy of the project (notebooks, data, reports.toml): nothing written into the repo."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copy(ROOT / "reports.toml", tmp_path)
    return tmp_path


def toolkit(project, *args):
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=project,
                          capture_output=True, text=True)


def test_the_template_is_a_documented_notebook_without_outputs(project, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(project / "xdg"))
    path = new_notebook(project / "reports.toml", "chip_exports", title="Chip exports")
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "export-controls-toolkit"
    assert all(c.get("outputs") == [] for c in nb["cells"] if c["cell_type"] == "code")
    params = declared_parameters(path)
    assert params and all(p.help for p in params.values()) and "artifacts_dir" not in params
    source = "".join("".join(c["source"]) for c in nb["cells"])
    assert 'Recorder(notebook="chip_exports", title=\'Chip exports\'' in source
    assert [c["metadata"].get("tags") for c in nb["cells"] if c["cell_type"] == "markdown"][-1] \
        == ["briefing"]


def test_refuses_an_existing_name_an_invalid_identifier_and_a_misspelt_briefing(project):
    before = (project / "reports.toml").read_text()
    for args, message in [(["timeline"], "already exists"),
                          (["2nd_try"], "must be a Python identifier"),
                          (["my-notebook"], "must be a Python identifier"),
                          (["class"], "must be a Python identifier"),
                          (["fresh", "--briefing", "state-of-ply"],
                           "did you mean 'state-of-play'?")]:
        out = toolkit(project, "new-notebook", *args)
        assert out.returncode == 2 and message in out.stderr, (args, out.stderr)
        assert "Traceback" not in out.stderr
    assert not (project / "notebooks" / "fresh.ipynb").exists()
    assert (project / "reports.toml").read_text() == before


def test_adding_to_a_briefing_edits_one_list_and_keeps_every_comment():
    text = ('# my comment\n[briefings.a]\ntitle = "A"  # inline\nnotebooks = [\n  "one",  # first\n'
            '  "two",\n]\n\n[briefings.b]\nnotebooks = ["one"]\n')
    edited = _append_notebook(text, "a", "demo")
    assert tomllib.loads(edited)["briefings"]["a"]["notebooks"] == ["one", "two", "demo"]
    assert tomllib.loads(edited)["briefings"]["b"]["notebooks"] == ["one"]
    assert "# my comment" in edited and "# inline" in edited and "# first" in edited
    edited = _append_notebook(edited, "b", "demo")
    assert 'notebooks = ["one", "demo"]' in edited


@pytest.mark.slow
def test_new_notebook_in_a_briefing_builds_its_example_section(project):
    original = (project / "reports.toml").read_text()
    out = toolkit(project, "new-notebook", "demo", "--title", "Demo analysis",
                  "--briefing", "demo-briefing")
    assert out.returncode == 0, out.stderr
    assert "toolkit build demo-briefing" in out.stdout
    edited = (project / "reports.toml").read_text()
    assert edited.startswith(original.rstrip("\n"))  # comments and layout kept
    out = toolkit(project, "build", "demo-briefing", "--format", "html")
    assert out.returncode == 0, out.stderr
    html = (project / "reports" / "demo-briefing.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="demo-example"'):]
    section = section[:section.index("</section>")]
    assert "<h2>Example: the regime matrix</h2>" in section
    assert 'class="vega"' in section and "<table>" in section
    narrative = re.search(r'<div class="narrative"><p>The chart shows .*?\stable lists the (\d+)\s+'
                          r"cells with broad controls", section, re.S)
    assert narrative and int(narrative.group(1)) > 0
    assert section.index("<table>") < section.index('class="narrative"')  # where the cell sits
