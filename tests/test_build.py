"""The build: parameter checks before any kernel, cache hits and misses, integrity, timeouts,
failures and faults, fan-out."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, ROOT

from toolkit.build import Options, build
from toolkit.build.notebooks import notebook_checksum
from toolkit.core.errors import (
    ConfigError,
    DataError,
    NotebookError,
    OutputError,
    ParameterError,
    RenderError,
)

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
    for fixture in ("broken", "sleeps"):
        shutil.copy(FIXTURES / "notebooks" / f"{fixture}.ipynb", nbdir)
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


class Messages(logging.Handler):
    """Collects what the build reports (its ``toolkit.*`` log lines)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def run(project, **kw):
    """Build in the throw-away project; returns (units, the build's log lines)."""
    kw.setdefault("output", project / "reports")
    kw.setdefault("data_dir", project / "data")
    opts = Options(definitions=project / "reports.toml", cache_dir=project / "reports" / ".cache",
                   failed_dir=project / "reports" / ".failed", **kw)
    handler, logger = Messages(), logging.getLogger("toolkit")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        units = build(opts)
    except Exception as exc:
        exc.log = handler.lines  # type: ignore[attr-defined]
        raise
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    return units, handler.lines


def executed(log):
    return [m for m in log if "▶" in m]


def add_briefing(project, definition):
    """Append a briefing's definition (TOML) to the project's reports.toml."""
    toml = project / "reports.toml"
    toml.write_text(toml.read_text() + definition)


def test_unknown_parameter_is_refused_before_any_kernel_with_the_valid_names():
    out = cli("build", "-p", "as_off=2024-01-01")
    assert out.returncode == 2
    assert "-p as_off: unknown parameter (did you mean 'as_of'?)" in out.stderr
    assert "as_of" in out.stderr and "include_events" in out.stderr
    assert "Traceback" not in out.stderr and "executing" not in out.stderr


@pytest.mark.parametrize("arg, message", [
    ("include_events=maybe", "parameter 'include_events' must be bool"),
    ("as_of=2024-13-01", "parameter 'as_of': 2024-13-01 is not a real date"),
    ("as_of=26 April", "parameter 'as_of' must be a date YYYY-MM-DD or latest"),
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
    _, log = run(project, dry_run=True)
    assert not (project / "reports" / "small.html").exists()
    assert any("timeline (would execute, timeout 600 s)" in m for m in log)
    assert executed(log) == []


def test_cache_hit_and_miss(project):
    _, log = run(project)
    first = (project / "reports" / "small.html").read_bytes()
    assert len(executed(log)) == 2

    units, log = run(project)
    assert executed(log) == [] and units[0].status == "up to date"
    assert (project / "reports" / "small.html").read_bytes() == first

    # a parameter that only regime_comparison declares: only it runs again
    _, log = run(project, overrides={"lag_dimension": "persons_support"})
    one_off = "small--lag_dimension-persons_support"
    assert [m for m in executed(log)] == [f"  ▶ {one_off} · regime_comparison: executing"]
    assert any(f"one-off build: -p overrides given without --name, so it is written as "
               f"{project / 'reports' / one_off}" in m for m in log)
    assert (project / "reports" / "small.html").read_bytes() == first
    assert (project / "reports" / f"{one_off}.html").exists()

    # an edited notebook (narrative only) re-runs that notebook alone
    nb = project / "notebooks" / "timeline.ipynb"
    doc = json.loads(nb.read_text())
    doc["cells"][0]["source"] = "# Timeline (edited)\n"
    nb.write_text(json.dumps(doc))
    _, log = run(project)
    assert executed(log) == ["  ▶ small · timeline: executing"]

    # changed data re-runs everything that reads it
    events = project / "data" / "events.csv"
    events.write_text(events.read_text().replace("Mate 60", "Mate 60 (edited)", 1))
    _, log = run(project)
    assert len(executed(log)) == 2


def test_manifest_records_inputs_versions_and_outputs(project):
    run(project)
    manifest = json.loads((project / "reports" / "small.manifest.json").read_text())
    assert manifest["briefing"] == "small"
    assert [n["name"] for n in manifest["notebooks"]] == ["timeline", "regime_comparison"]
    nb = manifest["notebooks"][1]
    assert nb["checksum"] == notebook_checksum(project / "notebooks" / "regime_comparison.ipynb")
    assert nb["parameters"]["as_of"] == "2024-04-26" and nb["parameters"]["since"] == "2023-10-17"
    assert len(manifest["data"]["checksum"]) == 64
    assert manifest["versions"]["pandas"] and manifest["versions"]["python"]
    assert manifest["git_commit"]
    html = (project / "reports" / "small.html").read_bytes()
    assert manifest["outputs"]["html"]["bytes"] == len(html)
    import hashlib
    assert manifest["outputs"]["html"]["sha256"] == hashlib.sha256(html).hexdigest()
    assert set(manifest["timings"]) == {"render_html"}
    assert all(len(n["artifacts_sha256"]) == 64 for n in manifest["notebooks"])


def test_a_failing_notebook_keeps_the_previous_report(project):
    run(project)
    good = (project / "reports" / "small.html").read_bytes()
    toml = project / "reports.toml"
    toml.write_text(toml.read_text().replace('notebooks = ["timeline", "regime_comparison"]',
                                             'notebooks = ["timeline", "regime_comparison", "broken"]'))
    with pytest.raises(NotebookError) as info:
        run(project)
    message = str(info.value)
    assert "briefing 'small': notebook broken failed at cell 4: RuntimeError: boom" in message
    assert (project / "reports" / ".failed" / "small" / "broken.ipynb").exists()
    assert (project / "reports" / "small.html").read_bytes() == good
    assert not list((project / "reports").glob(".small*.tmp"))
    assert not [p for p in (project / "reports" / ".cache" / "runs").iterdir() if p.name.startswith(".")]


def test_fan_out_builds_one_briefing_per_value_and_an_index(project):
    units, _ = run(project, names=["fan"])
    assert [u.name for u in units] == ["fan/JP", "fan/NL"]
    out = project / "reports" / "fan"
    index = (out / "index.html").read_text()
    for value in ("JP", "NL"):
        assert (out / f"{value}.html").exists()
        assert f'href="{value}.html"' in index
        assert f"Fan {value}" in index
    assert 'href="fan/index.html"' in (project / "reports" / "index.html").read_text()


def test_a_fan_out_prints_two_pdfs_at_a_time_and_keeps_what_rendered_before_a_failure(
        project, monkeypatch):
    """With two cores, the second briefing renders while the first one's PDF prints (two
    worker processes). When the second fails, the first is still published, then the error."""
    from toolkit.build import publish
    monkeypatch.setattr(publish.os, "cpu_count", lambda: 2)
    assert publish.print_processes(plan_units(project)) == 2
    real = publish._render

    def fail_nl(name, fmt, briefing, worker=None):
        assert worker is None or worker.processes == 2
        if name == "fan/NL" and fmt == "html":
            raise RenderError(name, fmt, "template error: made up for this test")
        return real(name, fmt, briefing, worker)
    monkeypatch.setattr(publish, "_render", fail_nl)
    with pytest.raises(RenderError, match="briefing 'fan/NL': cannot render HTML: template error"):
        run(project, names=["fan"], formats=["html", "pdf"])
    out = project / "reports" / "fan"
    assert (out / "JP.pdf").read_bytes().startswith(b"%PDF-") and (out / "JP.html").exists()
    assert not (out / "NL.html").exists() and not (out / "NL.pdf").exists()
    monkeypatch.setattr(publish, "_render", real)
    units, _ = run(project, names=["fan"], formats=["html", "pdf"])
    assert [u.status for u in units] == ["up to date", "built"]
    assert (out / "NL.pdf").read_bytes().startswith(b"%PDF-")


def plan_units(project):
    from toolkit.build.plan import plan
    return plan(project / "reports.toml", ["fan"], {}, ["html", "pdf"], None, None)


def test_a_briefings_own_data_dir_is_validated_and_in_its_cache_key(project, monkeypatch):
    """A data_dir set in reports.toml is the folder its notebooks read: the build validates it
    too, and a change to it executes them again (it did neither before)."""
    own = project / "data-own"
    shutil.copytree(project / "data", own)
    add_briefing(project, """
[briefings.own]
title = "Own data"
notebooks = ["timeline"]
formats = ["html"]
parameters = { start = "2022-01-01", data_dir = "data-own" }
""")
    monkeypatch.setenv("TOOLKIT_PROJECT", str(project))
    monkeypatch.delenv("TOOLKIT_DATA_DIR", raising=False)

    def build_own():
        return run(project, names=["own"], data_dir=None)

    assert len(executed(build_own()[1])) == 1
    assert executed(build_own()[1]) == []  # nothing changed: cached
    measures = own / "measures.csv"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(text.replace("Sets up the Unreliable Entity List", "Establishes the "
                                     "Unreliable Entity List", 1), encoding="utf-8")
    assert len(executed(build_own()[1])) == 1  # the folder it reads changed
    first_row = text.splitlines()[1]
    measures.write_text(text.replace(first_row, first_row.replace(",CN,", ",XX,", 1), 1),
                        encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_own()
    assert "data-own" in str(info.value) and "XX" in str(info.value)


def test_output_outside_a_fan_out_name_is_refused(project):
    toml = project / "reports.toml"
    toml.write_text(toml.read_text().replace('values = ["JP", "NL"]', 'values = ["JP", "../NL"]'))
    with pytest.raises(ConfigError, match="not a valid name"):
        run(project, names=["fan"])


def test_unknown_briefing_lists_the_defined_ones(project):
    with pytest.raises(ConfigError, match="unknown briefing 'nope'.*small, fan"):
        run(project, names=["nope"])


def test_parameter_not_declared_by_any_notebook(project):
    with pytest.raises(ParameterError, match="-p colour: unknown parameter"):
        run(project, overrides={"colour": "red"})


def test_same_inputs_give_identical_html_bytes(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    paths = []
    for name in ("one", "two"):
        run(project, output=project / name, force=True)
        paths.append(project / name / "small.html")
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert "2026-01-01 00:00 UTC" in paths[0].read_text()


def test_two_builds_at_once_do_not_corrupt_each_other(project):
    command = [sys.executable, "-m", "toolkit", "--project", str(project), "build", "small",
               "--format", "html"]
    procs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert any("waiting for another build of these reports to finish (held by pid" in e
               or "up to date" in e for e in errors), errors
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
    add_briefing(project, f"""
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
    run(project, names=["lists"])
    html = (project / "reports" / "lists.html").read_text()
    assert "Who is listed where" in html and "Lists you supplied" in html
    assert "Taiwan" in html or "TW listed 2 of them" in html
    assert "China&#39;s imports of chipmaking equipment (HS 8486)" in html
    assert 'data-vega-spec="spec-entity_lists-chart-2"' in html  # the trade chart
    manifest = json.loads((project / "reports" / "lists.manifest.json").read_text())
    assert manifest["notebooks"][0]["parameters"]["comtrade_path"].endswith("comtrade_api.csv")


def test_a_parallel_build_leaves_the_working_directory_alone(project, monkeypatch, tmp_path):
    """Notebooks run in their own folder; the building process stays where it was."""
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    units, _ = run(project, force=True, jobs=2)
    assert Path.cwd() == here
    executed_nb = project / "reports" / ".cache" / "runs" / units[0].runs[0].key / "executed.ipynb"
    assert json.loads(executed_nb.read_text())["metadata"]["papermill"]["exception"] is None


def test_a_notebook_that_never_finishes_fails_after_its_timeout(project):
    add_briefing(project, '''
[briefings.slow]
title = "Slow"
notebooks = ["sleeps"]
formats = ["html"]
timeout = 8
''')
    with pytest.raises(NotebookError) as info:
        run(project, names=["slow"])
    message = str(info.value)
    assert "briefing 'slow': notebook sleeps failed at cell 4" in message
    assert "ran past its timeout of 8 s" in message
    assert not (project / "reports" / "slow.html").exists()
    with pytest.raises(NotebookError, match="timeout of 5 s"):  # --timeout wins over reports.toml
        run(project, names=["slow"], timeout=5)


def test_an_altered_cache_entry_is_executed_again_never_published(project):
    run(project)
    entry = next(p for p in (project / "reports" / ".cache" / "runs").glob("*/artifacts.json")
                 if json.loads(p.read_text())["notebook"] == "regime_comparison")
    doc = json.loads(entry.read_text())
    doc["findings"][0]["text"] = "TAMPERED"
    entry.write_text(json.dumps(doc))
    _, log = run(project)
    assert any("was altered" in m for m in log), log
    assert executed(log) == ["  ▶ small · regime_comparison: executing"]
    assert "TAMPERED" not in (project / "reports" / "small.html").read_text()
    entry.write_text('{"truncated": ')
    _, log = run(project)
    assert len(executed(log)) == 1


def test_an_output_overwritten_with_zeros_is_rebuilt(project):
    run(project)
    html = project / "reports" / "small.html"
    size = html.stat().st_size
    html.write_bytes(b"\0" * size)
    units, log = run(project)
    assert units[0].status == "built" and executed(log) == []
    assert html.read_bytes().startswith(b"<!DOCTYPE html>")


def test_an_unwritable_output_folder_is_one_clear_message(project, monkeypatch):
    run(project)
    before = (project / "reports" / "small.html").read_bytes()
    real_replace = os.replace

    def refuse(src, dst, *a, **k):  # root ignores chmod, so refuse the final move instead
        if str(dst).endswith(".html"):
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst, *a, **k)
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as info:
        run(project, force=True)
    assert str(info.value) == (f"briefing 'small': cannot write its outputs to {project / 'reports'}: "
                               "Permission denied; the previous outputs were left in place")
    assert (project / "reports" / "small.html").read_bytes() == before
    assert not list((project / "reports").glob(".small*.tmp"))


def test_a_missing_system_library_is_named(project, monkeypatch, tmp_path):
    """WeasyPrint without pango fails on import with OSError (here in the print worker, which
    finds a stand-in package first on its PYTHONPATH); the build says so."""
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared "
        "object file: No such file or directory\")\n")
    monkeypatch.setenv("PYTHONPATH", str(fake.parent))
    with pytest.raises(RenderError) as info:
        run(project, formats=["pdf"])
    message = str(info.value)
    assert message.startswith("briefing 'small': cannot render PDF: a system library WeasyPrint "
                              "needs is missing (cannot load library 'libpango-1.0-0'")
    assert "scripts/system-deps.sh" in message and "write" not in message
    assert not (project / "reports" / "small.pdf").exists()


def test_a_template_error_is_named_with_its_line(project, monkeypatch):
    from toolkit.report import render
    real = render._template_source

    def broken(name):
        if name == "briefing.html.j2":
            return "{% extends 'base.html.j2' %}\n{% block main %}{{ b.title }\n{% endblock %}", None, None
        return real(name)
    monkeypatch.setattr(render, "_template_source", broken)
    render._environment.cache_clear()
    try:
        with pytest.raises(RenderError) as info:
            run(project, force=True)
    finally:
        render._environment.cache_clear()
    message = str(info.value)
    assert message.startswith("briefing 'small': cannot render HTML: template error in "
                              "briefing.html.j2 line 2:")
    assert "library" not in message and "write" not in message


def test_a_killed_builds_temporary_files_are_removed_by_the_next(project):
    run(project)
    runs = project / "reports" / ".cache" / "runs"
    (runs / ".0123456789ab-xyz").mkdir()
    (runs / ".0123456789ab-xyz" / "artifacts.json").write_text("{}")
    (project / "reports" / ".small.html.abc.tmp").write_text("half")
    _, log = run(project)
    assert not (runs / ".0123456789ab-xyz").exists()
    assert not list((project / "reports").glob(".*.tmp"))
    assert any("removed 2 temporary file(s)" in m for m in log)


def test_a_one_off_build_never_overwrites_the_defined_briefing(project):
    reports = project / "reports"
    run(project, formats=["html", "citations"])
    before = {p.name: p.read_bytes() for p in reports.glob("small.*")}
    assert set(before) == {"small.html", "small.bib", "small.csl.json", "small.manifest.json"}
    out = cli("--project", str(project), "build", "--name", "probe", "--title", "Probe",
              "-p", "as_of=2025-06-30", "--format", "html")
    assert out.returncode == 0, out.stderr
    assert (reports / "probe.html").exists()
    assert {p.name: p.read_bytes() for p in reports.glob("small.*")} == before
    manifest = json.loads((reports / "probe.manifest.json").read_text())
    assert manifest["one_off"] is True and manifest["overrides"] == {"as_of": "2025-06-30"}
    assert manifest["title"] == "Probe" and list(manifest["outputs"]) == ["html"]
    assert "As of 2025-06-30" in (reports / "probe.html").read_text()
    index = (reports / "index.html").read_text()
    defined, one_off = index.split("<h2>One-off builds</h2>")
    assert 'href="small.html"' in defined and 'href="probe.html"' in one_off
    assert 'href="probe.html"' not in defined

    # a later build of the defined briefing in fewer formats leaves no older format beside it
    _, log = run(project, formats=["html"])
    assert sorted(p.name for p in reports.glob("small.*")) == ["small.html", "small.manifest.json"]
    assert any("removed small.bib: an earlier build's" in m for m in log)
