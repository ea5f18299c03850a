"""Every parameter mistake gets one clear message and exit 2 before any kernel starts, checked
against the data folder the build will use."""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA, ROOT

from toolkit import cli
from toolkit.build import run as build_run
from toolkit.core.lists import as_list


@pytest.fixture
def no_kernel(monkeypatch, tmp_path):
    """Fails the test if the build gets as far as executing a notebook; counts validations."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TOOLKIT_PROJECT", str(ROOT))

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was about to start")
    monkeypatch.setattr(build_run, "execute_all", refuse)
    monkeypatch.setattr(build_run, "kernel_name", refuse)
    validated: list = []
    from toolkit.data import validation
    real = validation.validate
    monkeypatch.setattr(validation, "validate", lambda d: validated.append(d) or real(d))
    return validated


def build_cli(capsys, *args):
    code = cli.main(["build", "--format", "html", "--output", "unused", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["-p", "as_of=2024-02-30"], "parameter 'as_of': 2024-02-30 is not a real date"),
    (["-p", "as_of=2030-01-01"], "parameter 'as_of': 2030-01-01 is after today"),
    (["-p", "start=2024-01-01", "-p", "end=2023-06-30"],
     "parameter 'start' (2024-01-01) is after 'end' (2023-06-30)"),
    (["-p", "as_of=2023-01-01", "-p", "since=2024-04-26"],
     "parameter 'since' (2024-04-26) is after 'as_of' (2023-01-01)"),
    (["-p", "lag_level=brod"], "unknown level 'brod' (did you mean 'broad'?)"),
    (["-p", "dimensions=euv_lithografy"],
     "unknown dimension 'euv_lithografy' (did you mean 'euv_lithography'?)"),
    (["-p", "jurisdictions=US,jp"], "unknown jurisdiction 'jp' (did you mean 'JP'?)"),
    (["-p", "focus=NLD"], "unknown jurisdiction 'NLD' (did you mean 'NL'?)"),
    (["-p", "scenario=JP,NL:equipment_servcing"],
     "unknown dimension 'equipment_servcing' (did you mean 'equipment_servicing'?)"),
    (["-p", "scenario=JP equipment_servicing"], "expected 'JP,NL:dimension=level'"),
    (["-p", "scenario=JP:equipment_servicing=braod"], "unknown level 'braod' (did you mean 'broad'?)"),
    (["-p", "categories=equipmnet"], "unknown measure category 'equipmnet' (did you mean 'equipment'?)"),
    (["-p", "countries=CN,Hong Kong"], "'Hong Kong' is not a two-letter country code"),
    (["-p", "csl_path=no_such_list.csv"], "parameter 'csl_path': no_such_list.csv not found"),
    (["state-of-ply"], "unknown briefing 'state-of-ply' (did you mean 'state-of-play'?)"),
])
def test_each_mistake_is_one_message_and_exit_2_before_any_kernel(no_kernel, capsys, args, message):
    code, err = build_cli(capsys, *args)
    assert code == 2, err
    assert message in err
    assert err.count("error:") == 1 and "Traceback" not in err


def test_future_dates_pass_when_allowed(no_kernel, capsys):
    code, err = build_cli(capsys, "--dry-run", "--allow-future", "-p", "as_of=2030-01-01",
                          "-p", "since=2029-06-01")
    assert code == 0, err
    assert "as_of='2030-01-01'" in err


def test_a_given_data_folder_is_the_one_validated_once(no_kernel, capsys, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(DATA, broken)
    measures = broken / "measures.csv"
    lines = measures.read_text(encoding="utf-8").splitlines(keepends=True)
    measures.write_text(lines[0] + lines[1].replace("20", "2O", 1) + "".join(lines[2:]),
                        encoding="utf-8")
    code, err = build_cli(capsys, "-p", f"data_dir={broken}")
    assert code == 1
    assert no_kernel == [broken.resolve()]
    problems = [line.strip() for line in err.splitlines() if line.startswith("  ")]
    assert problems and all("measures.csv" in p for p in problems)
    assert len(problems) == len(set(problems))  # each problem printed once


def test_relative_data_folder_is_read_from_where_the_command_runs(no_kernel, capsys, tmp_path,
                                                                   monkeypatch):
    shutil.copytree(DATA, tmp_path / "mydata")
    monkeypatch.chdir(tmp_path)
    code, err = build_cli(capsys, "--dry-run", "-p", "data_dir=mydata")
    assert code == 0, err
    assert no_kernel == [(tmp_path / "mydata").resolve()]
    assert f"data_dir='{(tmp_path / 'mydata').resolve()}'" in err  # absolute for the kernels


def test_json_and_comma_lists_are_the_same_list(no_kernel, capsys):
    _, json_list = build_cli(capsys, "--dry-run", "-p", 'jurisdictions=["US", "JP"]')
    _, commas = build_cli(capsys, "--dry-run", "-p", "jurisdictions=US,JP")
    def runs(out: str) -> list[str]:  # the notebooks' parameters (a one-off's name quotes -p)
        return [line for line in out.splitlines() if "would execute" in line]
    assert "jurisdictions=['US', 'JP']" in json_list and runs(json_list) == runs(commas)
    # what papermill's own command line hands a notebook (text), as the notebooks read it
    assert as_list('["US","JP"]') == as_list("US,JP") == as_list(["US", "JP"]) == ["US", "JP"]


def test_relative_paths_in_reports_toml_are_the_projects_and_on_the_command_line_the_cwds(
        tmp_path, monkeypatch):
    from toolkit.build.plan import Checks, plan
    from toolkit.data.schema import default_schema
    checks = Checks(default_schema())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (project / "notebooks").mkdir(parents=True)
    (project / "lists").mkdir()
    elsewhere.mkdir()
    shutil.copy(ROOT / "notebooks" / "entity_lists.ipynb", project / "notebooks")
    (project / "lists" / "csl.csv").write_text("x")
    (elsewhere / "mine.csv").write_text("x")
    (project / "reports.toml").write_text(
        '[briefings.a]\nnotebooks = ["entity_lists"]\nparameters = { csl_path = "lists/csl.csv" }\n')
    monkeypatch.chdir(elsewhere)
    [unit] = plan(project / "reports.toml", checks=checks)
    assert unit.runs[0].parameters["csl_path"] == str(project / "lists" / "csl.csv")
    [unit] = plan(project / "reports.toml", overrides={"csl_path": "mine.csv"}, checks=checks)
    assert unit.runs[0].parameters["csl_path"] == str(elsewhere / "mine.csv")
