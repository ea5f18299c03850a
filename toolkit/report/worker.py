"""The print worker: separate processes (one per briefing that prints, at most one per core)
that draw a build's charts (vl-convert) and print its PDFs (WeasyPrint), while the build
process runs notebooks and renders the other formats.

Why a process and not a thread: vl-convert holds the GIL while it draws, and WeasyPrint makes
millions of objects whose garbage collection costs about a second of a 3-4 s PDF, more in a
process with a large heap. In the worker the collector is paused while a PDF is printed and
runs after the reply is sent; the build process meanwhile renders the HTML (and memo, Word,
workbook). Measured in docs/benchmarks.md.

Requests and replies are pickled and length-prefixed, sent over the worker's stdin and a private
copy of its stdout (its own stdout goes to stderr, so a stray print cannot break the protocol);
the worker answers in order. It imports both libraries and draws a small chart before its first
request, while notebooks still run. It ignores Ctrl-C (the build stops it, ``close``) and exits
when its stdin closes, which also happens when the build process is killed.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import tempfile
import threading
from collections import deque
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import IO, Any

from toolkit.core.errors import RenderError

log = logging.getLogger(__name__)

#: How long a build waits for one chart or PDF before it stops the worker.
PRINT_TIMEOUT = 600.0

_HEADER = struct.Struct("!Q")


class WorkerFault(Exception):
    """What went wrong in the worker, in words for a ``RenderError``; ``remote`` is the
    worker's traceback when the fault is a bug rather than something a user can fix."""

    def __init__(self, cause: str, remote: str | None = None):
        super().__init__(cause)
        self.cause, self.remote = cause, remote


class RemoteTraceback(Exception):
    """The worker's traceback, chained under the ``RenderError`` (shown with ``--debug``)."""


def _send(stream: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next message, or ``None`` at end of stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


class PrintWorker:
    """Handles on ``processes`` worker processes. ``draw``, ``draw_png`` and ``print_pdf``
    return futures: each distinct chart is drawn once (its PNG in the process that drew its
    SVG), a PDF goes to the process with the least to do. ``result`` waits for one, at most
    ``timeout`` seconds, and turns a fault into a ``RenderError``. Thread-safe; ``close`` ends
    the processes."""

    def __init__(self, processes: int = 1, timeout: float = PRINT_TIMEOUT) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._procs = [_Process() for _ in range(max(1, processes))]
        self._charts: dict[tuple[str, str], Future] = {}

    @property
    def processes(self) -> int:
        return len(self._procs)

    def draw(self, spec: dict) -> Future:
        """The chart as SVG for print (``svg.draw_svg``)."""
        return self._chart("svg", spec)

    def draw_png(self, spec: dict) -> Future:
        """The chart as PNG for Word (drawn from its SVG in the worker)."""
        return self._chart("png", spec)

    def _chart(self, kind: str, spec: dict) -> Future:
        key = json.dumps(spec, sort_keys=True)
        with self._lock:
            if (kind, key) not in self._charts:
                process = self._procs[hash(key) % len(self._procs)]
                self._charts[kind, key] = process.submit((kind, spec))
            return self._charts[kind, key]

    def print_pdf(self, html: str) -> Future:
        """``html`` printed by ``render.print_pdf`` in the least busy worker process."""
        with self._lock:
            return min(self._procs, key=_Process.load).submit(("pdf", html))

    def add_svgs(self, artifacts: list[dict], briefing: str, png: bool = False) -> None:
        """Set each chart block's ``svg`` (and with ``png`` its ``png``), waiting for the
        drawings still in progress."""
        blocks = [b for doc in artifacts for sec in doc.get("sections", [])
                  for b in sec.get("blocks", []) if b.get("type") == "chart"]
        svgs = {id(b): self.draw(b["spec"]) for b in blocks if not b.get("svg")}
        pngs = {id(b): self.draw_png(b["spec"]) for b in blocks if png and not b.get("png")}
        for block in blocks:
            if id(block) in svgs:
                block["svg"] = self.result(svgs[id(block)], briefing, "pdf")
            if id(block) in pngs:
                block["png"] = self.result(pngs[id(block)], briefing, "docx")

    def result(self, future: Future, briefing: str, fmt: str) -> Any:
        """What ``future`` holds, or a ``RenderError`` naming the briefing, the format and the
        cause (a missing library, a worker that died, a timeout, a bug: with its traceback)."""
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            self.close()
            raise RenderError(briefing, fmt, f"printing took longer than {self.timeout:g} s and "
                              "was stopped") from None
        except WorkerFault as fault:
            if fault.remote:
                raise RenderError(briefing, fmt, fault.cause) from RemoteTraceback(fault.remote)
            raise RenderError(briefing, fmt, fault.cause) from None

    def close(self) -> None:
        """End the processes at once: what they still had to do is abandoned (they write no
        files), and none is left collecting its garbage after the build."""
        for process in self._procs:
            process.close()


class _Process:
    """One worker process: a thread sends the requests, another reads the replies (in order)
    and settles their futures; when the process dies, every future still waiting fails with
    the cause."""

    def __init__(self) -> None:
        self._stderr = tempfile.TemporaryFile()
        package_parent = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (package_parent, os.environ.get("PYTHONPATH")) if p))
        self.proc = subprocess.Popen([sys.executable, "-m", "toolkit.report.worker"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr, env=env)
        self._lock = threading.Lock()
        self._pending: deque[Future] = deque()
        self._dead: str | None = None  # why the process cannot answer any more
        self._outbox: queue.Queue = queue.Queue()
        self._threads = [threading.Thread(target=self._write, name="print-worker-send", daemon=True),
                         threading.Thread(target=self._read, name="print-worker-receive", daemon=True)]
        for thread in self._threads:
            thread.start()

    def submit(self, request: tuple) -> Future:
        future: Future = Future()
        with self._lock:
            if self._dead is not None:
                future.set_exception(WorkerFault(self._dead))
            else:
                self._outbox.put((future, request))
        return future

    def load(self) -> int:
        """Requests sent or queued and not yet answered."""
        return len(self._pending) + self._outbox.qsize()

    def _write(self) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        while True:
            item = self._outbox.get()
            if item is None:
                break
            future, request = item
            with self._lock:
                if self._dead is not None:
                    future.set_exception(WorkerFault(self._dead))
                    continue
                self._pending.append(future)
            try:
                _send(stdin, request)
            except (OSError, ValueError):  # the process is gone; _read reports why
                break
        try:
            stdin.close()
        except OSError:
            pass

    def _read(self) -> None:
        stdout = self.proc.stdout
        assert stdout is not None
        while True:
            try:
                reply = _receive(stdout)
            except (OSError, ValueError, pickle.UnpicklingError, EOFError):
                reply = None
            if reply is None:
                break
            with self._lock:
                future = self._pending.popleft() if self._pending else None
            if future is None:
                continue
            status, value, remote = reply
            if status == "ok":
                future.set_result(value)
            else:
                future.set_exception(WorkerFault(value, remote))
        self._fail_all(self._death_cause())

    def _death_cause(self) -> str:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        if self._dead is not None:
            return self._dead
        if code is not None and code < 0:
            how = f"was killed by {signal.Signals(-code).name}"
            if -code == signal.SIGKILL:
                how += " (out of memory?)"
        else:
            how = f"exited with code {code}"
        said = self._said().splitlines()
        return f"the print worker process {how}" + (f": {said[-1][:300]}" if said else "")

    def _said(self) -> str:
        """What the process wrote on stderr."""
        try:
            self._stderr.seek(0)
            return self._stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def _fail_all(self, cause: str) -> None:
        with self._lock:
            self._dead = self._dead or cause
            pending, self._pending = list(self._pending), deque()
        for future in pending:
            if not future.done():
                future.set_exception(WorkerFault(cause))

    def close(self) -> None:
        with self._lock:
            self._dead = self._dead or "the print worker was stopped"
        self._outbox.put(None)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for thread in self._threads:
            thread.join(timeout=5)
        self._fail_all(self._dead)
        said = self._said()
        if said:  # WeasyPrint's warnings, say: shown with --debug
            log.debug("the print worker said:\n%s", said)
        self._stderr.close()


# -- the worker process ------------------------------------------------------------------------


def _handle(request: tuple, drawn: dict[str, str]) -> Any:
    kind, payload = request
    from toolkit.report import svg
    if kind in ("svg", "png"):
        key = json.dumps(payload, sort_keys=True)
        if key not in drawn:
            drawn[key] = svg.draw_svg(payload)
        return drawn[key] if kind == "svg" else svg.draw_png(drawn[key])
    if kind == "pdf":
        from toolkit.report.render import print_pdf
        return print_pdf(payload, "", collect=False)
    raise ValueError(f"unknown request {kind!r}")


def _warm() -> None:
    """Import vl-convert and WeasyPrint and use each once (its first call sets things up)."""
    try:
        from toolkit.report import svg
        svg.draw_svg({"mark": "point", "data": {"values": [{"a": 1}]},
                      "encoding": {"x": {"field": "a", "type": "quantitative"}}})
        from toolkit.report.render import print_pdf
        print_pdf("<p>warm</p>", "")
    except Exception:  # noqa: BLE001 - the first real request reports it, with its cause
        pass


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build process stops us
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, never into the replies
    requests = sys.stdin.buffer
    import gc
    import traceback
    _warm()
    drawn: dict[str, str] = {}
    while True:
        request = _receive(requests)
        if request is None:
            return
        reply: tuple[str, Any, str | None]
        try:
            reply = ("ok", _handle(request, drawn), None)
        except RenderError as exc:  # a missing system library, say
            reply = ("error", exc.cause, None)
        except Exception as exc:  # noqa: BLE001 - a bug: the build shows its traceback
            reply = ("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        try:
            _send(replies, reply)
        except (OSError, ValueError):
            return  # the build process is gone
        if not gc.isenabled():  # a PDF was printed with the collector paused
            gc.enable()
            gc.collect()  # WeasyPrint's garbage, after the reply: off the build's path


if __name__ == "__main__":
    main()
