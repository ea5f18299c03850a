"""Stopping a build: Ctrl-C and SIGTERM stop its kernels at once and say truthfully what was
published; after ``kill -9`` nothing in reports/ changes and no process of the build lives on.

Each build runs as a separate process (``python -m toolkit``) in a copied project, with a
marker in its environment that its kernels inherit, so the test can find every process the
build started (Linux: ``/proc/*/environ``)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path("/proc/self/environ").exists(),
                                 reason="finds the build's processes through /proc (Linux)")]


@pytest.fixture
def project(tmp_path):
    for folder in ("notebooks", "reports"):
        (tmp_path / folder).mkdir()
    for nb in ("regime_comparison", "timeline"):
        shutil.copy(ROOT / "notebooks" / f"{nb}.ipynb", tmp_path / "notebooks")
    shutil.copy(FIXTURES / "notebooks" / "sleeps.ipynb", tmp_path / "notebooks")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "reports.toml").write_text("""
default = "small"
[briefings.small]
title = "Small"
notebooks = ["timeline", "regime_comparison"]
formats = ["html", "pdf"]
parameters = { start = "2022-01-01" }

[briefings.slow]
title = "Slow"
notebooks = ["sleeps", "timeline"]
formats = ["html", "pdf"]  # so a print worker runs too, and must be gone after a signal
""")
    return tmp_path


class Build:
    """``toolkit build`` in its own process; its kernels carry ``marker`` in their environment."""

    def __init__(self, project: Path, *args: str) -> None:
        self.marker = f"toolkit-test-{uuid.uuid4().hex}"
        env = dict(os.environ, TOOLKIT_TEST_MARKER=self.marker,
                   TOOLKIT_CACHE_DIR=str(project / "reports" / ".cache"), PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "--project", str(project), "build", *args],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []

    def wait_for(self, text: str, timeout: float = 120) -> None:
        """Read the build's output until a line contains ``text``."""
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError(f"the build ended before {text!r}:\n" + "".join(self.lines))
            self.lines.append(line)
            if text in line:
                return
        raise AssertionError(f"no {text!r} within {timeout} s:\n" + "".join(self.lines))

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()  # a failing test leaves nothing running
            raise
        return self.process.returncode, "".join(self.lines) + out

    def survivors(self) -> list[int]:
        """Processes (other than the build itself) whose environment carries the marker."""
        found = []
        mark = f"TOOLKIT_TEST_MARKER={self.marker}".encode()
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit() or int(proc.name) == self.process.pid:
                continue
            try:
                if mark in (proc / "environ").read_bytes().split(b"\0"):
                    found.append(int(proc.name))
            except OSError:
                continue
        return found

    def print_workers(self) -> list[int]:
        """Survivors that are the build's print worker (``python -m toolkit.report.worker``)."""
        found = []
        for pid in self.survivors():
            try:
                if b"toolkit.report.worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(pid)
            except OSError:
                continue
        return found

    def no_survivors_within(self, seconds: float) -> list[int]:
        deadline = time.monotonic() + seconds
        while (left := self.survivors()) and time.monotonic() < deadline:
            time.sleep(0.2)
        return left


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_one_signal_stops_the_kernels_and_says_nothing_was_published(project, signum):
    build = Build(project, "slow")
    build.wait_for("sleeps: executing")
    time.sleep(2)  # let the kernel start and reach the cell that sleeps for an hour
    assert build.survivors(), "the kernels should be running"
    assert build.print_workers(), "the print worker should be running"
    started = time.monotonic()
    build.process.send_signal(signum)
    code, out = build.finish(timeout=60)
    stopped_in = time.monotonic() - started
    assert code == 130, out
    name = signal.Signals(signum).name
    assert f"build stopped by {name}; no kernel of it is left running" in out
    assert "nothing was published; previous outputs left unchanged: slow" in out
    assert "Traceback" not in out
    assert stopped_in < 30, f"took {stopped_in:.1f} s to stop"  # the cell sleeps for an hour
    assert build.no_survivors_within(5) == []
    assert not (project / "reports" / "slow.html").exists()


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


def test_kill_9_while_notebooks_run_leaves_no_kernel(project):
    build = Build(project, "slow")
    build.wait_for("sleeps: executing")
    time.sleep(2)
    assert build.survivors() and build.print_workers()
    build.process.kill()
    build.finish()
    assert build.no_survivors_within(10) == []  # each kernel notices its parent is gone


def test_kill_9_mid_render_changes_nothing_in_reports(project):
    first = Build(project)
    assert first.finish(timeout=300)[0] == 0
    before = digests(project / "reports")
    assert {"small.html", "small.pdf", "small.manifest.json"} <= set(before)
    build = Build(project, "--force")
    build.wait_for("[2/2]")  # both notebooks done: rendering HTML and PDF starts now
    time.sleep(0.5)
    build.process.kill()
    build.finish()
    assert build.no_survivors_within(10) == []
    assert digests(project / "reports") == before
    again = Build(project)  # the next build clears what the killed one left and is current
    code, out = again.finish(timeout=300)
    assert code == 0, out
    assert not list((project / "reports").glob(".*.tmp"))
