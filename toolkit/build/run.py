"""Build briefings: plan, check, execute notebooks (cached, in parallel), render, publish.

The path of a build (see ARCHITECTURE.md):

1. read ``reports.toml`` and expand fan-outs into units (one briefing each);
2. check every parameter against the notebooks' declared parameters, and the
   data package, before any kernel starts;
3. key each notebook run by checksums of its source, parameters, the data, the
   toolkit's code and the installed package versions; a run whose key is in the
   cache is not executed again;
4. execute the other runs with papermill, in parallel;
5. render each unit's HTML and PDF to temporary files, then atomically replace
   the previous outputs and write the manifest. A failure anywhere leaves the
   last good report in place.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .cache import (
    git_commit,
    notebook_checksum,
    package_versions,
    read_cached_run,
    resolved,
    sha,
    toolkit_checksum,
)
from .errors import ConfigError, NotebookError, ParameterError, ToolkitError
from .parameters import declared_parameters, did_you_mean, resolve
from .paths import REPORTS_DIR, REPORTS_TOML, inside

FORMATS = ("html", "pdf")
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class NotebookRun:
    """One notebook executed with one set of parameters."""

    notebook: str
    path: Path
    parameters: dict[str, Any]
    key: str = ""
    cached: bool = False
    seconds: float = 0.0


@dataclass
class Unit:
    """One briefing to produce: its notebooks and outputs."""

    name: str           # e.g. "state-of-play" or "by-jurisdiction/JP"
    definition: str     # the reports.toml entry it comes from
    title: str
    stem: Path          # output path without suffix, relative to the output directory
    formats: list[str]
    runs: list[NotebookRun]
    group: str | None = None
    status: str = "pending"
    timings: dict[str, float] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


@dataclass
class Options:
    names: list[str] = field(default_factory=list)
    overrides: dict[str, str] = field(default_factory=dict)
    formats: list[str] | None = None
    jobs: int | None = None
    force: bool = False
    dry_run: bool = False
    output: Path | None = None
    data_dir: Path | None = None
    kernel: str | None = None
    kernel_pool: bool = True
    render_workers: int | None = None  # None: one per briefing, up to jobs; 0: in this process
    definitions: Path = REPORTS_TOML
    cache_dir: Path = REPORTS_DIR / ".cache"
    failed_dir: Path = REPORTS_DIR / ".failed"
    echo: Callable[[str], None] = field(default=lambda msg: print(msg, file=sys.stderr, flush=True))


# ---------------------------------------------------------------- definitions and plan

def read_definitions(path: Path = REPORTS_TOML) -> dict:
    """Parse ``reports.toml``; errors name the file and line."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: report definitions not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    notebooks_dir = (Path(path).parent / raw.get("notebooks_dir", "notebooks")).resolve()
    briefings = raw.get("briefings")
    if not isinstance(briefings, dict) or not briefings:
        raise ConfigError(f"{path}: no [briefings.NAME] tables")
    for name, spec in briefings.items():
        where = f"{path}: [briefings.{name}]"
        check_name(name, where)
        if not spec.get("notebooks"):
            raise ConfigError(f"{where}: 'notebooks' is missing or empty")
        for nb in spec["notebooks"]:
            check_name(nb, f"{where}: notebook")
            if not (notebooks_dir / f"{nb}.ipynb").exists():
                raise ConfigError(f"{where}: notebook {nb!r} not found in {notebooks_dir}")
        bad = [f for f in spec.get("formats", FORMATS) if f not in FORMATS]
        if bad:
            raise ConfigError(f"{where}: unknown format {bad[0]!r}; valid: {', '.join(FORMATS)}")
        fan = spec.get("fan_out")
        if fan is not None and not (isinstance(fan, dict) and fan.get("parameter")
                                    and isinstance(fan.get("values"), list)):
            raise ConfigError(f"{where}: fan_out needs parameter = NAME and values = [...]")
    default = raw.get("default")
    if default is not None and default not in briefings:
        raise ConfigError(f"{path}: default = {default!r} is not a briefing")
    return {"default": default or next(iter(briefings)), "briefings": briefings,
            "notebooks_dir": notebooks_dir}


def check_name(name: str, where: str) -> None:
    """Names become file names: refuse anything that could leave the output folder."""
    if not isinstance(name, str) or not SAFE_NAME.fullmatch(name) or ".." in name:
        raise ConfigError(f"{where}: {name!r} is not a valid name (letters, digits, '.', '_', '-'; "
                          "no '/', no '..', not absolute)")


def plan(options: Options) -> list[Unit]:
    """Expand the chosen briefings into units with checked parameters (no kernel yet)."""
    defs = read_definitions(options.definitions)
    names = options.names or [defs["default"]]
    units: list[Unit] = []
    for name in names:
        check_name(name, "briefing")
        if name not in defs["briefings"]:
            raise ConfigError(f"unknown briefing {name!r}; defined in {options.definitions.name}: "
                              + ", ".join(defs["briefings"]))
        units.extend(_expand(name, defs["briefings"][name], options, defs["notebooks_dir"]))
    _check_overrides(units, options)
    return units


def _expand(name: str, spec: dict, options: Options, notebooks_dir: Path) -> list[Unit]:
    formats = options.formats or list(spec.get("formats", FORMATS))
    base = dict(spec.get("parameters", {}))
    fan = spec.get("fan_out")
    members = [(None, base)] if fan is None else [
        (str(v), {**base, fan["parameter"]: v}) for v in fan["values"]]
    units = []
    for value, params in members:
        label = name if value is None else f"{name}/{value}"
        if value is not None:
            check_name(value, f"briefing {name}: fan-out value")
        title = spec.get("title", name).replace("{" + (fan or {}).get("parameter", "") + "}",
                                                value or "")
        runs = []
        for nb in spec["notebooks"]:
            path = notebooks_dir / f"{nb}.ipynb"
            declared = declared_parameters(path)
            given = {k: v for k, v in params.items() if k in declared}
            given.update({k: v for k, v in options.overrides.items() if k in declared})
            values = resolve(declared, given, f"briefing {label}, notebook {nb}")
            runs.append(NotebookRun(nb, path, values))
        unknown = [k for k in params if not any(k in declared_parameters(r.path) for r in runs)]
        if unknown:
            raise ParameterError(f"briefing {label}: parameter {unknown[0]!r} is not declared by "
                                 f"any of its notebooks; valid: {', '.join(_valid(runs))}")
        units.append(Unit(label, name, title, Path(label), formats, runs,
                          group=name if value is not None else None))
    return units


def _valid(runs: list[NotebookRun]) -> list[str]:
    from .parameters import RESERVED
    names: dict[str, None] = {}
    for r in runs:
        names.update((n, None) for n in declared_parameters(r.path) if n not in RESERVED)
    return list(names)


def _check_overrides(units: list[Unit], options: Options) -> None:
    for key in options.overrides:
        if not any(key in declared_parameters(r.path) for u in units for r in u.runs):
            valid = sorted({n for u in units for n in _valid(u.runs)})
            raise ParameterError(f"-p {key}: unknown parameter{did_you_mean(key, valid)}; "
                                 f"valid parameters: {', '.join(valid)}")


# ---------------------------------------------------------------- the build

@contextmanager
def _build_lock(cache_dir: Path, echo):
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "build.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            echo("waiting for another build of these reports to finish…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(options: Options) -> list[Unit]:
    """Build the chosen briefings; return the units with their status and timings."""
    started = time.perf_counter()
    echo = options.echo
    output = _output_dir(options)
    units = plan(options)
    for unit in units:
        inside(output, unit.stem, unit.name)
    data_dir = Path(options.data_dir) if options.data_dir else None
    from .loaders import data_checksum
    from .paths import data_dir as default_data
    from .validation import validate
    data_path = data_dir or default_data()
    report = validate(data_path)
    report.raise_for_errors()
    checksum = data_checksum(data_path)
    versions = package_versions()
    base_key = {"data": checksum, "toolkit": toolkit_checksum(), "versions": versions,
                "kernel": options.kernel or "default"}
    for unit in units:
        for run in unit.runs:
            run.parameters = resolved(run.parameters)
            run.key = sha(json.dumps({**base_key, "notebook": notebook_checksum(run.path),
                                       "name": run.notebook, "parameters": run.parameters,
                                       "data_dir": str(data_path.resolve())}, sort_keys=True))
    cache = options.cache_dir
    pending: dict[str, NotebookRun] = {}
    for unit in units:
        for run in unit.runs:
            entry = cache / "runs" / run.key
            run.cached = not options.force and read_cached_run(entry) is not None
            if not run.cached and not options.force and entry.exists() and run.key not in pending:
                echo(f"cache entry {entry} is unreadable; executing again")
            if not run.cached:
                pending.setdefault(run.key, run)
    if options.dry_run:
        _print_plan(units, output, echo)
        return units
    with _build_lock(cache, echo):
        echo(f"data {data_path} valid (version {report.schema.version}, checksum {checksum[:12]}); "
             f"{len(units)} briefing(s), {sum(len(u.runs) for u in units)} notebook run(s), "
             f"{len(pending)} to execute")
        from .publish import Renderers, publish_all, write_group_index, write_reports_index
        jobs = options.jobs or os.cpu_count() or 1
        kernel = _kernel_name(options.kernel, next(iter(pending.values())).path) if pending else ""
        pool = _start_pool(kernel, options) if pending else None
        # Rendering workers start now too, so their imports overlap the notebooks. A build
        # with nothing to execute starts them only if some briefing needs rendering.
        workers = min(jobs, len(units)) if options.render_workers is None else options.render_workers
        renderers = Renderers(workers, {f for u in units for f in u.formats}) if pending else None
        try:
            try:
                failures = _execute(list(pending.values()), units, options, data_dir, cache,
                                    kernel, pool.manager_class if pool else None, renderers)
            finally:
                if pool:
                    pool.close()
            provenance_base = {"toolkit_version": __version__,
                               "data_version": report.schema.version, "data_checksum": checksum,
                               "git_commit": git_commit(), "versions": versions}
            failed_keys = {key for key, _ in failures}
            for unit in units:
                if any(r.key in failed_keys for r in unit.runs):
                    unit.status = "failed"
            ready = [u for u in units if u.status != "failed"]
            publish_all(ready, output, cache, provenance_base, options.force, jobs, echo, renderers)
        finally:
            if renderers:
                renderers.close()
        groups = sorted({u.group for u in units if u.group and u.status != "failed"})
        for group in groups:
            write_group_index(group, output, provenance_base)
        write_reports_index(output, provenance_base)
    _print_summary(units, time.perf_counter() - started, echo)
    if len(failures) > 1:
        for _, error in failures[:-1]:
            echo(f"error: {error}")
    if failures:
        raise failures[-1][1]
    return units


def _output_dir(options: Options) -> Path:
    output = Path(options.output or REPORTS_DIR).resolve()
    if output.exists() and not output.is_dir():
        raise ConfigError(f"--output {output}: exists and is not a directory")
    return output


def _start_pool(kernel: str, options: Options):
    """Start a kernel pool while the build goes on planning (see kernel_pool.py)."""
    if not options.kernel_pool:
        return None
    from .kernel_pool import start_pool
    try:
        return start_pool(kernel)
    except OSError as exc:  # e.g. no UNIX sockets here: kernels start the usual way
        options.echo(f"kernel pool unavailable ({exc}); starting each kernel from scratch")
        return None


def _execute(runs: list[NotebookRun], units: list[Unit], options: Options, data_dir: Path | None,
             cache: Path, kernel: str, manager_class: type | None,
             renderers) -> list[tuple[str, ToolkitError]]:
    if not runs:
        return []
    # One more kernel than cores: a kernel spends part of its life starting up and waiting on
    # messages, and on 2 cores 3 kernels finish the default briefing ~0.6 s sooner than 2.
    jobs = max(1, min(options.jobs or (os.cpu_count() or 1) + 1, len(runs)))
    owner = {r.key: u.name for u in units for r in u.runs}
    lock = threading.Lock()

    def echo(message: str) -> None:
        with lock:
            options.echo(message)
    total = len(runs)
    counter = {"done": 0}

    def one(run: NotebookRun):
        label = f"{owner[run.key]} · {run.notebook}"
        echo(f"  ▶ {label}: executing")
        t0 = time.perf_counter()
        try:
            _execute_one(run, kernel, data_dir, cache, owner[run.key], options.failed_dir,
                         manager_class, renderers)
            error = None
        except ToolkitError as exc:
            error = exc
        run.seconds = time.perf_counter() - t0
        counter["done"] += 1
        state = "failed" if error else "done"
        echo(f"  {'✗' if error else '✓'} [{counter['done']}/{total}] {label}: {state} "
             f"in {run.seconds:.1f}s")
        return run.key, error

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(one, runs))
    return [(key, err) for key, err in results if err is not None]


class _ChartWatcher(threading.Thread):
    """Has each chart a running notebook records drawn as SVG at once, by the renderers.

    A notebook writes its artifacts after every block, so its charts can be drawn
    while its later cells run; otherwise the last notebook to finish would keep
    the PDF waiting while its charts were drawn one after another (0.4 s for the
    default briefing's regime comparison, measured).
    """

    def __init__(self, work: Path, renderers):
        super().__init__(daemon=True)
        self.work, self.renderers = work, renderers
        self.futures: dict[str, Any] = {}
        self.stopping = threading.Event()
        self.seen: int | None = None
        self.start()

    def run(self) -> None:
        while not self.stopping.wait(0.02):
            self.poll()

    def poll(self) -> None:
        from .artifacts import ARTIFACTS_FILE, chart_specs
        try:
            mtime = (self.work / ARTIFACTS_FILE).stat().st_mtime_ns
        except OSError:
            return
        if mtime != self.seen:
            self.seen = mtime
            for spec in chart_specs(self.work):
                key = _spec_key(spec)
                if key not in self.futures:
                    self.futures[key] = self.renderers.svg(spec)

    def finish(self) -> Callable[[dict], str]:
        """Stop watching; return the function that gives each chart's SVG."""
        self.stopping.set()
        self.join()

        def draw(spec: dict) -> str:
            future = self.futures.get(_spec_key(spec)) or self.renderers.svg(spec)
            return self.renderers.result(future)
        return draw


def _spec_key(spec: dict) -> str:
    return json.dumps(spec, sort_keys=True)


def _kernel_name(requested: str | None, notebook: Path) -> str:
    from jupyter_client.kernelspec import KernelSpecManager
    specs = KernelSpecManager().find_kernel_specs()
    if requested:
        if requested not in specs:
            raise ConfigError(f"kernel {requested!r} is not installed; installed kernels: "
                              f"{', '.join(sorted(specs)) or 'none'} (run `make setup`)")
        return requested
    wanted = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {}).get(
        "kernelspec", {}).get("name")
    if wanted in specs:
        return wanted
    if "python3" in specs:
        return "python3"
    raise ConfigError(f"no Jupyter kernel found (wanted {wanted!r}); run `make setup`")


def _execute_one(run: NotebookRun, kernel: str, data_dir: Path | None, cache: Path,
                 briefing: str, failed_dir: Path, manager_class: type | None,
                 renderers) -> None:
    import papermill as pm
    target = cache / "runs" / run.key
    work = Path(tempfile.mkdtemp(prefix=f".{run.key[:12]}-", dir=_mk(cache / "runs")))
    params = dict(run.parameters, artifacts_dir=str(work))
    if data_dir is not None and "data_dir" in declared_parameters(run.path):
        params["data_dir"] = str(data_dir)
    executed = work / "executed.ipynb"
    watcher = _ChartWatcher(work, renderers)
    try:
        pm.execute_notebook(str(run.path), str(executed), parameters=params, kernel_name=kernel,
                            progress_bar=False, log_output=False,
                            # The kernel starts in the notebook's folder. Not papermill's cwd=,
                            # which changes this whole process's directory: with notebooks
                            # running in threads, one can restore another's and leave the
                            # process in the wrong folder.
                            resources={"metadata": {"path": str(run.path.parent)}},
                            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                            # Artifacts are on disk once the last cell has run: the kernel
                            # has nothing left to do, and a graceful shutdown waits ~0.1 s.
                            shutdown_kernel="immediate",
                            **({"kernel_manager_class": manager_class} if manager_class else {}))
    except pm.PapermillExecutionError as exc:
        watcher.finish()
        kept = _keep_failed(executed, failed_dir, briefing, run.notebook)
        shutil.rmtree(work, ignore_errors=True)
        first_line = (exc.source or "").strip().splitlines()[:1]
        where = f" (In [{exc.exec_count}]: {first_line[0][:60]!r})" if first_line else ""
        raise NotebookError(briefing, run.notebook, _source_cell_number(run.path, exc.source),
                            f"{exc.ename}: {exc.evalue}{where}", str(kept)) from None
    except Exception as exc:  # kernel death, missing kernel, timeouts: all user-visible
        watcher.finish()
        kept = _keep_failed(executed, failed_dir, briefing, run.notebook)
        shutil.rmtree(work, ignore_errors=True)
        raise NotebookError(briefing, run.notebook, None, f"{type(exc).__name__}: {exc}",
                            str(kept) if kept else None) from None
    from .artifacts import add_svgs, write_json_atomic
    add_svgs(work, watcher.finish())  # now, while other notebooks may still run
    write_json_atomic(work / "run.json", {"complete": True, "notebook": run.notebook,
                                          "parameters": run.parameters})
    if target.exists():
        shutil.rmtree(target, ignore_errors=True)
    os.replace(work, target)


def _source_cell_number(notebook: Path, source: str | None) -> int | None:
    """1-based number of the failing cell in the notebook as the researcher sees it."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    for number, cell in enumerate(cells, 1):
        if "".join(cell.get("source", "")).strip() == (source or "").strip():
            return number
    return None


def _mk(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _keep_failed(executed: Path, failed_dir: Path, briefing: str, notebook: str) -> Path | None:
    if not executed.exists():
        return None
    dest = _mk(failed_dir / briefing.replace("/", "__")) / f"{notebook}.ipynb"
    shutil.copyfile(executed, dest)
    return dest


# ---------------------------------------------------------------- reporting

def _print_plan(units: list[Unit], output: Path, echo) -> None:
    for unit in units:
        echo(f"{unit.name}: {unit.title}")
        for run in unit.runs:
            state = "cached" if run.cached else "would execute"
            params = ", ".join(f"{k}={v!r}" for k, v in run.parameters.items())
            echo(f"  {run.notebook} ({state}): {params}")
        for fmt in unit.formats:
            echo(f"  → {output / unit.stem}.{fmt}")


def _print_summary(units: list[Unit], seconds: float, echo) -> None:
    echo("")
    echo(f"{'briefing':<32} {'notebooks':<16} {'execute':>8} {'render':>8}  status")
    for unit in units:
        executed = [r for r in unit.runs if not r.cached]
        exec_s = sum(r.seconds for r in executed)
        render_s = sum(unit.timings.values())
        echo(f"{unit.name:<32} {len(unit.runs)} ({len(unit.runs) - len(executed)} cached)"
             f"{'':<4} {exec_s:>7.1f}s {render_s:>7.1f}s  {unit.status}")
    echo(f"total {seconds:.1f}s")
