"""File-system faults during a build: one clear message, exit non-zero, no traceback, no
temporary files left, the previous outputs intact and consistent with their manifest.

Root ignores permissions, so a fault is either real (a cache folder under a plain file) or
injected at the call that would meet it (a full disk)."""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import pytest

from toolkit import cli

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small project, built once (its outputs are "the previous outputs")."""
    folder = tmp_path_factory.mktemp("built")
    (folder / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "regime_comparison.ipynb", folder / "notebooks")
    shutil.copytree(ROOT / "data", folder / "data")
    (folder / "reports.toml").write_text("""
default = "small"
[briefings.small]
title = "Small"
notebooks = ["regime_comparison"]
formats = ["html", "pdf"]
""")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TOOLKIT_PROJECT", str(folder))
        mp.delenv("TOOLKIT_CACHE_DIR", raising=False)
        assert cli.main(["--project", str(folder), "build"]) == 0
    return folder


@pytest.fixture
def project(built, tmp_path, monkeypatch):
    """A copy of the built project, cache included (each test damages its own)."""
    folder = tmp_path / "project"
    shutil.copytree(built, folder)
    monkeypatch.setenv("TOOLKIT_PROJECT", str(folder))  # restored after the test
    monkeypatch.delenv("TOOLKIT_CACHE_DIR", raising=False)
    return folder


def toolkit(project: Path, capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--project", str(project), "build", *args])
    return code, capsys.readouterr().err


def state(reports: Path) -> dict[str, str]:
    """Every file in reports/ (cache aside) and its SHA-256."""
    return {str(p.relative_to(reports)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(reports.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def consistent(reports: Path) -> None:
    manifest = json.loads((reports / "small.manifest.json").read_text())
    for out in manifest["outputs"].values():
        assert hashlib.sha256((reports / out["path"]).read_bytes()).hexdigest() == out["sha256"]


def no_space(*_args, **_kw):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_cache_under_a_plain_file_is_one_clear_message(project, capsys, monkeypatch):
    (project / "not-a-folder").write_text("")
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(project / "not-a-folder" / "cache"))
    before = state(project / "reports")
    code, err = toolkit(project, capsys, "--force")
    assert code == 2
    assert f"error: cannot use the build cache {project / 'not-a-folder' / 'cache'}: " in err
    assert "Traceback" not in err and err.count("error:") == 1
    assert state(project / "reports") == before


def test_a_full_cache_is_one_message_and_no_run_folder_is_left(project, capsys, monkeypatch):
    before = state(project / "reports")
    monkeypatch.setattr(tempfile, "mkdtemp", no_space)
    code, err = toolkit(project, capsys, "--force")
    assert code == 2
    assert "cannot write to the build cache" in err and "No space left on device" in err
    assert "Traceback" not in err and err.count("error:") == 1
    assert state(project / "reports") == before
    assert not [p for p in (project / "reports" / ".cache" / "runs").glob(".*")]


def test_a_full_disk_while_writing_outputs_leaves_the_previous_set(project, capsys, monkeypatch):
    before = state(project / "reports")
    real = Path.write_bytes

    def full_on_pdf(self, data):
        if self.name.endswith(".tmp") and ".small.pdf" in self.name:
            real(self, data[: len(data) // 2])  # half written, then the disk is full
            no_space()
        return real(self, data)
    monkeypatch.setattr(Path, "write_bytes", full_on_pdf)
    code, err = toolkit(project, capsys, "--force")
    assert code == 1
    assert (f"error: briefing 'small': cannot write its outputs to {project / 'reports'}: "
            "No space left on device; the previous outputs were left in place") in err
    assert "Traceback" not in err
    assert state(project / "reports") == before
    consistent(project / "reports")
    assert not list((project / "reports").glob(".*.tmp"))


def test_an_unwritable_index_is_one_message_after_the_briefing_is_published(project, capsys,
                                                                             monkeypatch):
    from toolkit.build import index
    monkeypatch.setattr(index, "write_text_atomic", lambda *a: no_space())
    (project / "reports" / "index.html").write_text("old index")
    code, err = toolkit(project, capsys, "--force")
    assert code == 1
    assert (f"error: cannot write the index {project / 'reports' / 'index.html'}: No space left "
            "on device; the briefings themselves were published") in err
    assert "Traceback" not in err
    assert (project / "reports" / "index.html").read_text() == "old index"
    consistent(project / "reports")


def test_an_unreadable_manifest_of_another_briefing_is_skipped_with_a_warning(project, capsys):
    (project / "reports" / "other.manifest.json").write_text('{"title": "trunc')
    code, err = toolkit(project, capsys)
    assert code == 0, err
    assert "other.manifest.json is unreadable" in err and "left out of the index" in err
    assert "Small" in (project / "reports" / "index.html").read_text()
