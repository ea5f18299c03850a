"""Execute notebook runs with papermill: in parallel threads, each with a timeout.

Each run executes in a fresh kernel, in a temporary folder of the cache; only a run that
finished is moved to its cache entry. A run that fails or passes its timeout becomes a
``NotebookError`` naming the briefing, the notebook and the cell (the executed notebook
is kept in ``reports/.failed/``); its kernel is shut down.

On Ctrl-C or SIGTERM the runs not yet started are cancelled and every live kernel is killed
(its whole process group), so the build stops at once rather than when the cells end. A
kernel also exits by itself within a second when the build process dies (jupyter_client
gives it ``JPY_PARENT_PID``; ipykernel polls it), so even ``kill -9`` leaves none behind.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from toolkit.build.cache import entry_dir, write_entry_meta
from toolkit.build.notebooks import cell_source, read_notebook
from toolkit.build.parameters import declared_parameters
from toolkit.core.errors import ConfigError, NotebookError, ToolkitError
from toolkit.core.model import NotebookRun
from toolkit.report.narrative import NarrativeError, attach_to_run

log = logging.getLogger(__name__)


class _RunFolderIsExpected(logging.Filter):
    """papermill warns of injected names a notebook does not declare; ``artifacts_dir`` (the
    run folder, which the Recorder finds by itself) is injected into every notebook."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "unknown parameter: artifacts_dir" not in record.getMessage()


logging.getLogger("papermill").addFilter(_RunFolderIsExpected())


def kernel_name(requested: str | None, notebook: Path) -> str:
    """The Jupyter kernel to use: the requested one, the notebook's own, or ``python3``."""
    from jupyter_client.kernelspec import KernelSpecManager
    specs = KernelSpecManager().find_kernel_specs()
    if requested:
        if requested not in specs:
            raise ConfigError(f"kernel {requested!r} is not installed; installed kernels: "
                              f"{', '.join(sorted(specs)) or 'none'} (run `make setup`)")
        return requested
    wanted = read_notebook(notebook).get("metadata", {}).get("kernelspec", {}).get("name")
    if wanted in specs:
        return wanted
    if "python3" in specs:
        return "python3"
    raise ConfigError(f"no Jupyter kernel found (wanted {wanted!r}); run `make setup`")


def execute_all(runs: list[NotebookRun], owner: dict[str, str], kernel: str,
                data_dir: Path | None, cache: Path, failed_dir: Path, jobs: int,
                on_done: Callable[[NotebookRun], None] | None = None,
                ) -> list[tuple[str, ToolkitError]]:
    """Execute ``runs`` (``jobs`` at a time); return ``(key, error)`` of those that failed.

    ``on_done(run)`` is called as each run finishes successfully (its cache entry written).
    """
    if not runs:
        return []
    total, done = len(runs), [0]
    lock = threading.Lock()

    def one(run: NotebookRun) -> tuple[str, ToolkitError | None]:
        label = f"{owner[run.key]} · {run.notebook}"
        log.info("  ▶ %s: executing", label)
        t0 = time.perf_counter()
        error: ToolkitError | None = None
        try:
            execute_one(run, kernel, data_dir, cache, owner[run.key], failed_dir)
            if on_done is not None:
                on_done(run)
        except ToolkitError as exc:
            error = exc
        run.seconds = time.perf_counter() - t0
        with lock:
            done[0] += 1
            log.info("  %s [%d/%d] %s: %s in %.1fs", "✗" if error else "✓", done[0], total, label,
                     "failed" if error else "done", run.seconds)
        return run.key, error

    pool = ThreadPoolExecutor(max_workers=max(1, min(jobs, len(runs))))
    futures: list[Future] = [pool.submit(one, run) for run in runs]
    try:
        wait(futures)
    except KeyboardInterrupt:
        _stop(pool, futures)
        raise
    pool.shutdown()
    results = [f.result() for f in futures]
    return [(key, err) for key, err in results if err is not None]


# Kernels started by this process and not yet shut down; ``_stop`` kills them.
_live: weakref.WeakSet[Any] = weakref.WeakSet()
_stopping = threading.Event()


@functools.cache
def _kernel_manager_class() -> type:
    """``AsyncKernelManager`` that registers its kernel in ``_live`` (and starts none once the
    build is stopping)."""
    from jupyter_client.manager import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            if _stopping.is_set():
                raise KeyboardInterrupt("the build is stopping")
            _live.add(self)
            await super().start_kernel(**kw)

        async def shutdown_kernel(  # type: ignore[override]
                self, now: bool = False, restart: bool = False) -> None:
            _live.discard(self)
            await super().shutdown_kernel(now=now, restart=restart)

    return TrackedKernelManager


def _stop(pool: ThreadPoolExecutor, futures: list[Future]) -> None:
    """Cancel what has not started, kill every live kernel, wait for the threads to notice."""
    _stopping.set()
    try:
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + 30
        while not all(f.done() for f in futures) and time.monotonic() < deadline:
            kill_kernels()
            wait(futures, timeout=0.5)
        log.info("stopped: every notebook kernel of this build was shut down")
    finally:
        _stopping.clear()


def kill_kernels() -> int:
    """Kill every kernel this process started and has not shut down; return how many."""
    killed = 0
    for manager in list(_live):
        provisioner = getattr(manager, "provisioner", None)
        pgid, pid = getattr(provisioner, "pgid", None), getattr(provisioner, "pid", None)
        try:
            if pgid and hasattr(os, "killpg"):
                os.killpg(pgid, signal.SIGKILL)
            elif pid:
                os.kill(pid, signal.SIGKILL)
            else:
                continue
            killed += 1
        except (ProcessLookupError, PermissionError):
            pass
        _live.discard(manager)
    return killed


def execute_one(run: NotebookRun, kernel: str, data_dir: Path | None, cache: Path,
                briefing: str, failed_dir: Path) -> None:
    """Execute one run into its cache entry, or raise ``NotebookError``."""
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError
    runs_dir = cache / "runs"
    try:
        runs_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{run.key[:12]}-", dir=runs_dir))
    except OSError as exc:
        raise _cache_error(runs_dir, exc) from None
    params = dict(run.parameters, artifacts_dir=str(work))
    if data_dir is not None and "data_dir" in declared_parameters(run.path):
        params["data_dir"] = str(data_dir)
    executed = work / "executed.ipynb"
    deadline = time.monotonic() + run.timeout
    cell_started: dict[str, str | None] = {}

    def cell_timeout(cell) -> int:
        """What is left of the notebook's time (nbclient asks before each cell)."""
        cell_started["id"] = cell.get("id")
        return max(1, round(deadline - time.monotonic()))

    finished = False
    try:
        pm.execute_notebook(str(run.path), str(executed), parameters=params, kernel_name=kernel,
                            progress_bar=False, log_output=False,
                            # The kernel starts in the notebook's folder. Not papermill's cwd=,
                            # which changes this whole process's directory while other
                            # notebooks run in other threads.
                            resources={"metadata": {"path": str(run.path.parent)}},
                            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                            kernel_manager_class=_kernel_manager_class(),
                            shutdown_kernel="immediate", timeout_func=cell_timeout)
        finished = True
    except pm.PapermillExecutionError as exc:
        kept = _keep_failed(executed, failed_dir, briefing, run.notebook)
        first_line = (exc.source or "").strip().splitlines()[:1]
        where = f" (In [{exc.exec_count}]: {first_line[0][:60]!r})" if first_line else ""
        raise NotebookError(briefing, run.notebook, _cell_number(run.path, source=exc.source),
                            f"{exc.ename}: {exc.evalue}{where}", kept) from None
    except CellTimeoutError:
        kept = _keep_failed(executed, failed_dir, briefing, run.notebook)
        cell = _cell_number(run.path, cell_id=cell_started.get("id"))
        raise NotebookError(briefing, run.notebook, cell,
                            f"ran past its timeout of {run.timeout:g} s and was stopped "
                            "(raise it with --timeout SECONDS or timeout = … in reports.toml)",
                            kept) from None
    except Exception as exc:  # kernel death, a missing kernel: all user-visible
        kept = _keep_failed(executed, failed_dir, briefing, run.notebook)
        raise NotebookError(briefing, run.notebook, None, f"{type(exc).__name__}: {exc}",
                            kept) from exc  # chained: --debug shows where it came from
    finally:
        if not finished:
            shutil.rmtree(work, ignore_errors=True)
    _publish_entry(work, run, cache, briefing, failed_dir)


def _cache_error(folder: Path, exc: OSError) -> ConfigError:
    return ConfigError(f"cannot write to the build cache {folder}: {exc.strerror or exc} (free "
                       "some space, or set TOOLKIT_CACHE_DIR to a writable folder)")


def _publish_entry(work: Path, run: NotebookRun, cache: Path, briefing: str,
                   failed_dir: Path) -> None:
    try:
        if not (work / "artifacts.json").exists():
            raise NotebookError(briefing, run.notebook, None, "the notebook recorded nothing: it "
                                f"never created a Recorder (rec = Recorder(notebook={run.notebook!r}); "
                                "see docs/editing-a-notebook.md)")
        try:
            attach_to_run(work, work / "executed.ipynb")
        except NarrativeError as exc:
            kept = _keep_failed(work / "executed.ipynb", failed_dir, briefing, run.notebook)
            raise NotebookError(briefing, run.notebook, exc.cell, str(exc), kept) from None
        except OSError as exc:
            raise _cache_error(work.parent, exc) from None
        target = entry_dir(cache, run)
        try:
            write_entry_meta(work, run)
            if target.exists():
                shutil.rmtree(target, ignore_errors=True)
            os.replace(work, target)
        except OSError as exc:
            raise _cache_error(target.parent, exc) from None
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def _cell_number(notebook: Path, source: str | None = None, cell_id: str | None = None) -> int | None:
    """1-based number of a cell in the notebook as the researcher sees it."""
    for number, cell in enumerate(read_notebook(notebook)["cells"], 1):
        if cell_id is not None and cell.get("id") == cell_id:
            return number
        if source is not None and cell_source(cell).strip() == source.strip():
            return number
    return None


def _keep_failed(executed: Path, failed_dir: Path, briefing: str, notebook: str) -> str | None:
    if not executed.exists():
        return None
    try:
        folder = failed_dir / briefing.replace("/", "__")
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / f"{notebook}.ipynb"
        shutil.copyfile(executed, dest)
        return str(dest)
    except OSError:
        return None
