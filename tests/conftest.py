"""Shared fixtures: the default briefing built once per session, tool requirements."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str) -> str:
    """Path of an executable; skip when missing, but fail under CI (tests never skip there)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (scripts/system-deps.sh test installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The default briefing and the 2024-04-26 briefing, built into a temporary folder."""
    from toolkit.build import Options, build

    out = tmp_path_factory.mktemp("reports")
    options = Options(names=["state-of-play", "servicing-gap-2024-04-26"], output=out,
                      cache_dir=out / ".cache", failed_dir=out / ".failed")
    units = build(options)
    return {"dir": out, "units": units}


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the shipped data package."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _tree(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file()} if folder.exists() else {}


@pytest.fixture(scope="session", autouse=True)
def repository_reports_untouched():
    """Tests never write into the repository's own reports/ (a user's last good briefings)."""
    before = _tree(ROOT / "reports")
    yield
    after = _tree(ROOT / "reports")
    changed = sorted(set(after.items()) ^ set(before.items()))
    assert not changed, f"tests wrote into {ROOT / 'reports'}: {changed[:5]}"
