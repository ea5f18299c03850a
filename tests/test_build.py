"""The build: parameter checks before any kernel, cache hits and misses, failures, fan-out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, ROOT

from toolkit.build import Options, build, notebook_checksum
from toolkit.errors import ConfigError, NotebookError, ParameterError

pytestmark = pytest.mark.slow


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})})


@pytest.fixture
def project(tmp_path):
    """A throw-away project: notebooks (real ones + a broken one), data copy, reports.toml."""
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    for nb in ("regime_comparison", "timeline"):
        shutil.copy(ROOT / "notebooks" / f"{nb}.ipynb", nbdir)
    shutil.copy(FIXTURES / "notebooks" / "broken.ipynb", nbdir)
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "reports.toml").write_text("""
default = "small"
[briefings.small]
title = "Small"
notebooks = ["timeline", "regime_comparison"]
formats = ["html"]
parameters = { as_of = "2024-04-26", since = "2023-10-17", start = "2022-01-01" }

[briefings.fan]
title = "Fan {focus}"
notebooks = ["timeline"]
formats = ["html"]
parameters = { start = "2022-01-01" }
fan_out = { parameter = "focus", values = ["JP", "NL"] }
""")
    return tmp_path


def options(project, **kw):
    log: list[str] = []
    kw.setdefault("output", project / "reports")
    opts = Options(definitions=project / "reports.toml", cache_dir=project / "reports" / ".cache",
                   failed_dir=project / "reports" / ".failed", data_dir=project / "data",
                   echo=log.append, **kw)
    return opts, log


def executed(log):
    return [m for m in log if "executing" in m]


def test_unknown_parameter_is_refused_before_any_kernel_with_the_valid_names():
    out = cli("build", "-p", "as_off=2024-01-01")
    assert out.returncode == 2
    assert "-p as_off: unknown parameter (did you mean 'as_of'?)" in out.stderr
    assert "as_of" in out.stderr and "include_events" in out.stderr
    assert "Traceback" not in out.stderr and "executing" not in out.stderr


@pytest.mark.parametrize("arg, message", [
    ("include_events=maybe", "parameter 'include_events' must be bool"),
    ("as_of=2024-13-01", "parameter 'as_of' must be a date YYYY-MM-DD or latest"),
    ("jurisdictions=US,XX", "unknown jurisdiction 'XX'"),
    ("artifacts_dir=/tmp", "is set by the build"),
])
def test_wrong_parameter_values_exit_2(arg, message):
    out = cli("build", "--dry-run", "-p", arg)
    assert out.returncode == 2, out.stderr
    assert message in out.stderr


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "a/../../b"])
def test_report_names_that_would_escape_reports_are_refused(name):
    out = cli("build", name)
    assert out.returncode == 2
    assert "is not a valid name" in out.stderr


def test_dry_run_shows_the_plan_and_writes_nothing(project):
    opts, log = options(project, dry_run=True)
    build(opts)
    assert not (project / "reports" / "small.html").exists()
    assert any("timeline (would execute)" in m for m in log)
    assert executed(log) == []


def test_cache_hit_and_miss(project):
    opts, log = options(project)
    build(opts)
    first = (project / "reports" / "small.html").read_bytes()
    assert len(executed(log)) == 2

    opts, log = options(project)
    units = build(opts)
    assert executed(log) == [] and units[0].status == "up to date"
    assert (project / "reports" / "small.html").read_bytes() == first

    # a parameter that only regime_comparison declares: only it runs again
    opts, log = options(project, overrides={"lag_dimension": "persons_support"})
    build(opts)
    assert [m for m in executed(log)] == ["  ▶ small · regime_comparison: executing"]

    # an edited notebook (narrative only) re-runs that notebook alone
    nb = project / "notebooks" / "timeline.ipynb"
    doc = json.loads(nb.read_text())
    doc["cells"][0]["source"] = "# Timeline (edited)\n"
    nb.write_text(json.dumps(doc))
    opts, log = options(project)
    build(opts)
    assert executed(log) == ["  ▶ small · timeline: executing"]

    # changed data re-runs everything that reads it
    sources = project / "data" / "sources.csv"
    sources.write_text(sources.read_text() + "test-extra,Test,Test,Test,https://example.org/,,"
                       "2026-11-27,secondary,added by a test\n")
    opts, log = options(project)
    build(opts)
    assert len(executed(log)) == 2


def test_manifest_records_inputs_versions_and_outputs(project):
    opts, _ = options(project)
    build(opts)
    manifest = json.loads((project / "reports" / "small.manifest.json").read_text())
    assert manifest["briefing"] == "small"
    assert [n["name"] for n in manifest["notebooks"]] == ["timeline", "regime_comparison"]
    nb = manifest["notebooks"][1]
    assert nb["checksum"] == notebook_checksum(project / "notebooks" / "regime_comparison.ipynb")
    assert nb["parameters"]["as_of"] == "2024-04-26" and nb["parameters"]["since"] == "2023-10-17"
    assert len(manifest["data"]["checksum"]) == 64
    assert manifest["versions"]["pandas"] and manifest["versions"]["python"]
    assert manifest["git_commit"]
    assert manifest["outputs"]["html"]["bytes"] == (project / "reports" / "small.html").stat().st_size
    assert set(manifest["timings"]) == {"render_html"}


def test_a_failing_notebook_keeps_the_previous_report(project):
    opts, _ = options(project)
    build(opts)
    good = (project / "reports" / "small.html").read_bytes()
    toml = project / "reports.toml"
    toml.write_text(toml.read_text().replace('notebooks = ["timeline", "regime_comparison"]',
                                             'notebooks = ["timeline", "regime_comparison", "broken"]'))
    opts, log = options(project)
    with pytest.raises(NotebookError) as info:
        build(opts)
    message = str(info.value)
    assert "briefing 'small': notebook broken failed at cell 4: RuntimeError: boom" in message
    assert (project / "reports" / ".failed" / "small" / "broken.ipynb").exists()
    assert (project / "reports" / "small.html").read_bytes() == good
    assert not list((project / "reports").glob(".small*.tmp"))


def test_fan_out_builds_one_briefing_per_value_and_an_index(project):
    opts, _ = options(project, names=["fan"])
    units = build(opts)
    assert [u.name for u in units] == ["fan/JP", "fan/NL"]
    out = project / "reports" / "fan"
    index = (out / "index.html").read_text()
    for value in ("JP", "NL"):
        assert (out / f"{value}.html").exists()
        assert f'href="{value}.html"' in index
        assert f"Fan {value}" in index
    assert 'href="fan/index.html"' in (project / "reports" / "index.html").read_text()


def test_output_outside_a_fan_out_name_is_refused(project):
    toml = project / "reports.toml"
    toml.write_text(toml.read_text().replace('values = ["JP", "NL"]', 'values = ["JP", "../NL"]'))
    opts, _ = options(project, names=["fan"])
    with pytest.raises(ConfigError, match="not a valid name"):
        build(opts)


def test_unknown_briefing_lists_the_defined_ones(project):
    opts, _ = options(project, names=["nope"])
    with pytest.raises(ConfigError, match="unknown briefing 'nope'.*small, fan"):
        build(opts)


def test_parameter_not_declared_by_any_notebook(project):
    opts, _ = options(project, overrides={"colour": "red"})
    with pytest.raises(ParameterError, match="-p colour: unknown parameter"):
        build(opts)


def test_same_inputs_give_identical_html_bytes(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    paths = []
    for name in ("one", "two"):
        opts, _ = options(project, output=project / name, force=True)
        build(opts)
        paths.append(project / name / "small.html")
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert "2026-01-01 00:00 UTC" in paths[0].read_text()


def test_two_builds_at_once_do_not_corrupt_each_other(project):
    script = ("import sys; from pathlib import Path; from toolkit.build import Options, build; "
              "p = Path(sys.argv[1]); build(Options(definitions=p / 'reports.toml', output=p / 'reports', "
              "cache_dir=p / 'reports' / '.cache', failed_dir=p / 'reports' / '.failed', "
              "data_dir=p / 'data', formats=['html'], names=['small']))")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(project)], stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert any("waiting for another build" in e or "up to date" in e for e in errors)
    html = (project / "reports" / "small.html").read_text()
    assert html.rstrip().endswith("</html>")
    manifest = json.loads((project / "reports" / "small.manifest.json").read_text())
    assert manifest["outputs"]["html"]["bytes"] == len(html.encode())
    assert not list(Path(project / "reports").glob(".*.tmp"))


def test_entity_lists_with_the_files_a_user_brings(project, tmp_path):
    shutil.copy(ROOT / "notebooks" / "entity_lists.ipynb", project / "notebooks")
    fixtures = ROOT / "tests" / "fixtures"
    csl = fixtures / "csl" / "csl_legacy_2019fmt_entity_list_rows.csv"
    sanctions = fixtures / "opensanctions" / "targets.simple.csv"
    trade = fixtures / "comtrade" / "comtrade_api.csv"
    toml = project / "reports.toml"
    toml.write_text(toml.read_text() + f"""
[briefings.lists]
title = "Lists"
notebooks = ["entity_lists"]
formats = ["html"]

[briefings.lists.parameters]
as_of = "2025-07-01"
csl_path = "{csl}"
csl_lists = ["Entity List (EL) - Bureau of Industry and Security"]
opensanctions_path = "{sanctions}"
opensanctions_lists = {{ JP = ["Japan METI End User List"] }}
comtrade_path = "{trade}"
""")
    opts, log = options(project, names=["lists"])
    build(opts)
    html = (project / "reports" / "lists.html").read_text()
    assert "Who is listed where" in html and "Lists you supplied" in html
    assert "Taiwan" in html or "TW listed 2 of them" in html
    assert "China&#39;s imports of chipmaking equipment (HS 8486)" in html
    assert 'data-vega-spec="spec-entity_lists-chart-2"' in html  # the trade chart
    manifest = json.loads((project / "reports" / "lists.manifest.json").read_text())
    assert manifest["notebooks"][0]["parameters"]["comtrade_path"].endswith("comtrade_api.csv")


def test_kernels_from_the_pool_record_what_fresh_kernels_record(project):
    """The kernel pool is an optimisation only: same artifacts, with or without it."""
    results = {}
    for pooled in (True, False):
        out = project / f"pooled-{pooled}"
        opts, log = options(project, output=out, force=True, kernel_pool=pooled)
        opts.cache_dir = out / ".cache"
        units = build(opts)
        results[pooled] = {run.notebook: (out / ".cache" / "runs" / run.key / "artifacts.json")
                           .read_text() for run in units[0].runs}
        assert not any("pool unavailable" in m for m in log)
    assert results[True] == results[False]
    for text in results[True].values():  # charts were drawn while the notebooks ran
        doc = json.loads(text)
        charts = [b for s in doc["sections"] for b in s["blocks"] if b["type"] == "chart"]
        assert charts and all(b["svg"].lstrip().startswith(("<svg", "<?xml")) for b in charts)
        # print drawings carry no per-mark ARIA text (the title keeps its label)
        assert all(b["svg"].count("aria-label") <= 1 for b in charts)


def test_a_parallel_build_leaves_the_working_directory_alone(project, monkeypatch, tmp_path):
    """Notebooks run in their own folder; the building process stays where it was."""
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    opts, _ = options(project, force=True, jobs=2)
    units = build(opts)
    assert Path.cwd() == here
    executed_nb = project / "reports" / ".cache" / "runs" / units[0].runs[0].key / "executed.ipynb"
    assert json.loads(executed_nb.read_text())["metadata"]["papermill"]["exception"] is None
