"""The print worker: a separate process that draws charts and prints PDFs for the build. Its
faults each become one RenderError that says what happened; it never outlives its build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolkit.core.errors import RenderError
from toolkit.report.worker import PrintWorker, RemoteTraceback

pytestmark = pytest.mark.slow

PAGE = "<!DOCTYPE html><html lang='en'><body><h1>Worker heading</h1><p>Text.</p></body></html>"


def test_a_pdf_printed_by_the_worker_is_a_tagged_pdf(tmp_path):
    worker = PrintWorker()
    try:
        pdf = worker.result(worker.print_pdf(PAGE), "demo", "pdf")
    finally:
        worker.close()
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    if text.returncode == 0:  # poppler-utils present (always under CI: see .ci/run)
        assert "Worker heading" in text.stdout


def test_a_worker_killed_while_printing_is_named_with_its_signal():
    worker = PrintWorker()
    try:
        printing = worker.print_pdf(PAGE)
        os.kill(worker._procs[0].proc.pid, signal.SIGKILL)
        with pytest.raises(RenderError) as info:
            worker.result(printing, "demo", "pdf")
        assert str(info.value) == ("briefing 'demo': cannot render PDF: the print worker process "
                                   "was killed by SIGKILL (out of memory?); the previous outputs "
                                   "were left in place")
        # and whatever is asked of it afterwards fails the same way, at once
        with pytest.raises(RenderError, match="killed by SIGKILL"):
            worker.result(worker.draw({"mark": "point"}), "demo", "pdf")
    finally:
        worker.close()


def test_a_print_past_its_timeout_stops_the_worker():
    worker = PrintWorker(timeout=0.01)  # it takes about a second just to import WeasyPrint
    with pytest.raises(RenderError) as info:
        worker.result(worker.print_pdf(PAGE), "demo", "pdf")
    assert str(info.value) == ("briefing 'demo': cannot render PDF: printing took longer than "
                               "0.01 s and was stopped; the previous outputs were left in place")
    assert worker._procs[0].proc.poll() is not None  # the process is gone


def test_a_bug_in_the_worker_keeps_its_traceback():
    worker = PrintWorker()
    try:
        future = worker._procs[0].submit(("no-such-request", None))
        with pytest.raises(RenderError) as info:
            worker.result(future, "demo", "pdf")
    finally:
        worker.close()
    assert "ValueError: unknown request 'no-such-request'" in str(info.value)
    remote = info.value.__cause__
    assert isinstance(remote, RemoteTraceback) and "Traceback (most recent call last)" in str(remote)
    assert "_handle" in str(remote)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_the_worker_exits_when_its_build_process_is_killed(tmp_path):
    """A build killed with SIGKILL cannot stop its worker; the worker sees its input close."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import sys, time\n"
        "from toolkit.report.worker import PrintWorker\n"
        "w = PrintWorker()\n"
        "print(w._procs[0].proc.pid, flush=True)\n"
        "time.sleep(600)\n")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parent.parent)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _alive(child):
            time.sleep(0.1)
        assert not _alive(child), "the print worker outlived its build process"
    finally:
        parent.kill()


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.split(")")[-1].split()[0] != "Z"  # a zombie has exited
