"""Build briefings: plan, check, execute notebooks (cached, in parallel), publish.

The path of a build (see ARCHITECTURE.md):

1. read ``reports.toml`` and expand fan-outs into units (one briefing each);
2. check every parameter against the notebooks' declared parameters, and the
   data package, before any kernel starts;
3. key each notebook run by the checksums of its inputs (``cache.NotebookStep``); a run
   whose key is in the cache, intact, is not executed again;
4. execute the other runs with papermill, in parallel, each with a timeout;
5. under the build lock, render each briefing and replace its outputs and manifest
   together. A failure anywhere leaves the last good report in place.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import __version__
from toolkit.build.cache import (
    NotebookStep,
    entry_dir,
    git_commit,
    package_versions,
    read_entry,
    resolved,
)
from toolkit.build.checks import user_path
from toolkit.build.execute import execute_all, kernel_name
from toolkit.build.index import write_group_index, write_reports_index
from toolkit.build.lock import build_lock
from toolkit.build.plan import FORMATS, Checks, check_names, inside, plan
from toolkit.build.publish import SUFFIXES, print_processes, publish_all
from toolkit.core import config
from toolkit.core.errors import ConfigError, ToolkitError
from toolkit.core.model import NotebookRun, Unit
from toolkit.releases.feed import write_feeds
from toolkit.releases.release import RELEASE_NOTES
from toolkit.report.svg import chart_specs
from toolkit.report.worker import PrintWorker

__all__ = ["FORMATS", "Options", "build"]

log = logging.getLogger(__name__)


class BuildInterrupted(ToolkitError):
    """The build was stopped (Ctrl-C or SIGTERM); the message says what was published."""

    exit_code = 130


@dataclass
class Options:
    """What to build and how; ``None`` paths come from the project folder (``core.config``)."""

    names: list[str] = field(default_factory=list)
    overrides: dict[str, str] = field(default_factory=dict)
    formats: list[str] | None = None
    jobs: int | None = None
    force: bool = False
    dry_run: bool = False
    output: Path | None = None
    data_dir: Path | None = None
    kernel: str | None = None
    timeout: float | None = None  # seconds per notebook (default: reports.toml, else 600)
    wait: float | None = None     # seconds to wait for another build's lock (None: forever)
    official_sources_only: bool = False  # cite only the issuing authorities' own publications
    allow_future: bool = False  # accept dates after today (as_of, since, start, end)
    name: str | None = None   # a one-off build's output name (reports/NAME.*)
    title: str | None = None  # a one-off build's title
    definitions: Path | None = None
    cache_dir: Path | None = None
    failed_dir: Path | None = None


def build(options: Options) -> list[Unit]:
    """Build the chosen briefings; return the units with their status and timings."""
    started = time.perf_counter()
    definitions = options.definitions or config.reports_toml()
    root = definitions.parent
    output = _output_dir(options.output or root / "reports")
    cache = options.cache_dir or config.cache_dir()
    failed_dir = options.failed_dir or output / ".failed"
    check_names(definitions, options.names)
    from toolkit.data.loaders import data_checksum
    from toolkit.data.validation import validate
    data_path = _data_path(options)
    report = validate(data_path)  # the folder the notebooks will read, once
    report.raise_for_errors()
    assert report.schema is not None  # a report without errors has read its descriptor
    units = plan(definitions, options.names, options.overrides, options.formats, options.timeout,
                 Checks(report.schema, options.allow_future), options.name, options.title)
    for unit in units:
        inside(output, unit.stem, unit.name)
        unit.official_sources_only = options.official_sources_only
    for name in dict.fromkeys(u.group or u.name for u in units if u.one_off and not options.name):
        log.info("one-off build: -p overrides given without --name, so it is written as %s "
                 "(the defined briefing %s is left as it is)", output / name,
                 next(u.definition for u in units if (u.group or u.name) == name))
    # -p data_dir or --data replaces every run's data folder; else a briefing may name its own
    given = data_path if options.data_dir or options.overrides.get("data_dir") else None
    checksums = {data_path: data_checksum(data_path)}
    for folder in dict.fromkeys(_read_by(run, data_path, given) for u in units for run in u.runs):
        if folder not in checksums:  # a briefing's own data_dir in reports.toml: checked too
            validate(folder).raise_for_errors()
            checksums[folder] = data_checksum(folder)
    checksum = checksums[data_path]
    versions = package_versions()
    pending = _key_runs(units, options, data_path, given, checksums, versions, cache)
    if options.dry_run:
        _print_plan(units, output)
        return units
    try:
        with build_lock(cache, options.wait):
            _remove_leftovers(cache, output)
            log.info("data %s valid (version %s, checksum %s); %d briefing(s), %d notebook run(s), "
                     "%d to execute", data_path, report.schema.version, checksum[:12], len(units),
                     sum(len(u.runs) for u in units), len(pending))
            kernel = kernel_name(options.kernel, pending[0].path) if pending else ""
            owner = {r.key: u.name for u in units for r in u.runs}
            jobs = options.jobs or (os.cpu_count() or 1) + 1
            # started now, so it has imported its libraries when the first notebook finishes
            worker = (PrintWorker(print_processes(units))
                      if pending and any({"pdf", "docx"} & set(u.formats) for u in units) else None)
            try:
                failures = execute_all(pending, owner, kernel, given, cache, failed_dir,
                                       jobs, on_done=_drawing(worker, cache, any(
                                           "docx" in u.formats for u in units)))
                failed_keys = {key for key, _ in failures}
                for unit in units:
                    if any(r.key in failed_keys for r in unit.runs):
                        unit.status = "failed"
                provenance_base = {"toolkit_version": __version__,
                                   "data_version": report.schema.version,
                                   "data_checksum": checksum, "git_commit": git_commit(root),
                                   "versions": versions}
                publish_all(units, output, cache, provenance_base, options.force, root, worker)
            finally:
                if worker is not None:
                    worker.close()
            for group in sorted({u.group for u in units if u.group and u.status != "failed"}):
                write_group_index(group, output, provenance_base)
            write_reports_index(output, provenance_base)
            _write_feeds(data_path, output)
    except KeyboardInterrupt:
        raise BuildInterrupted(_interrupted_message(units)) from None
    _print_summary(units, time.perf_counter() - started)
    # one message per distinct problem (a full cache fails every run the same way)
    distinct = list({str(error): error for _, error in failures}.values())
    for error in distinct[:-1]:
        log.error("error: %s", error)
    if distinct:
        raise distinct[-1]
    return units


def _data_path(options: Options) -> Path:
    """The data folder the notebooks will read: ``--data``, ``-p data_dir`` (read from the
    current directory when relative), or the project's."""
    given = options.overrides.get("data_dir", "").strip()
    chosen = user_path(given, None, "-p data_dir") if given else None
    if options.data_dir is not None:
        folder = user_path(str(options.data_dir), None, "--data")
        if chosen is not None and chosen != folder:
            raise ConfigError(f"--data {options.data_dir} and -p data_dir={given} name different "
                              "folders; give one")
        return folder
    return chosen or config.data_dir()


def _interrupted_message(units: list[Unit]) -> str:
    """What a stopped build did and did not publish, truthfully."""
    from toolkit.core.interrupt import last_signal
    published = [u.name for u in units if u.status == "built"]
    kept = [u.name for u in units if u.status != "built"]
    said = [f"build stopped by {last_signal()}; no kernel of it is left running"]
    if published:
        said.append(f"published before it stopped: {', '.join(published)}")
    if kept:
        said.append(("nothing was published; " if not published else "")
                    + f"previous outputs left unchanged: {', '.join(kept)}")
    return "; ".join(said)


def _write_feeds(data_path: Path, output: Path) -> None:
    """The Atom change feeds (``releases.feed``); a folder that cannot be written is one message."""
    try:
        feeds = write_feeds(data_path, output)
    except OSError as exc:
        raise ToolkitError(f"cannot write the change feeds in {output}: {exc.strerror or exc}; the "
                           "briefings themselves were published, each feed not written was left "
                           "as it was") from None
    log.info("wrote the change feeds %s and %d per jurisdiction (data release notes %s)",
             feeds[0].name, len(feeds) - 1, "found" if (data_path / RELEASE_NOTES).exists()
             else "not found: empty feeds")


def _remove_leftovers(cache: Path, output: Path) -> None:
    """Temporary files a killed build left behind (run folders, half-written outputs). Safe
    under the lock: no other build of these reports is running."""
    import shutil
    stale = [p for p in (cache / "runs").glob(".*") if p.is_dir()] if (cache / "runs").is_dir() else []
    stale += [p for p in output.rglob(".*.tmp") if p.is_file()] if output.is_dir() else []
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if stale:
        log.info("removed %d temporary file(s) left by an interrupted build", len(stale))


def _drawing(worker: PrintWorker | None, cache: Path,
             png: bool = False) -> Callable[[NotebookRun], None] | None:
    """Start drawing a finished run's charts for the PDF (and with ``png`` for Word) while
    other notebooks still run."""
    if worker is None:
        return None

    def draw(run: NotebookRun) -> None:
        entry = read_entry(entry_dir(cache, run))
        for spec in chart_specs(entry[0]) if entry else []:
            worker.draw(spec)
            if png:
                worker.draw_png(spec)
    return draw


def _read_by(run: NotebookRun, data_path: Path, given: Path | None) -> Path:
    """The data folder a run's notebook reads: ``given`` (``--data``, ``-p data_dir``), else
    its briefing's ``data_dir`` (made absolute by the plan), else the project's."""
    if given is not None:
        return given
    own = run.parameters.get("data_dir")
    return Path(own) if isinstance(own, str) and own else data_path


def _key_runs(units: list[Unit], options: Options, data_path: Path, given: Path | None,
              checksums: dict[Path, str], versions: dict[str, str],
              cache: Path) -> list[NotebookRun]:
    """Give every run its cache key (with the checksum of the data it reads); return the runs
    to execute (one per key)."""
    pending: dict[str, NotebookRun] = {}
    for unit in units:
        for run in unit.runs:
            run.parameters = resolved(run.parameters)
            folder = _read_by(run, data_path, given)
            run.key = NotebookStep(run, checksums[folder], folder, versions,
                                   options.kernel or "default").key()
            run.cached = not options.force and read_entry(entry_dir(cache, run)) is not None
            if not run.cached:
                pending.setdefault(run.key, run)
    return list(pending.values())


def _output_dir(path: Path) -> Path:
    output = Path(path).resolve()
    if output.exists() and not output.is_dir():
        raise ConfigError(f"--output {output}: exists and is not a directory")
    return output


def _print_plan(units: list[Unit], output: Path) -> None:
    for unit in units:
        log.info("%s: %s", unit.name, unit.title)
        for run in unit.runs:
            state = "cached" if run.cached else "would execute"
            params = ", ".join(f"{k}={v!r}" for k, v in run.parameters.items())
            log.info("  %s (%s, timeout %g s): %s", run.notebook, state, run.timeout, params)
        for suffix in (x for fmt in unit.formats for x in SUFFIXES[fmt]):
            log.info("  → %s.%s", output / unit.stem, suffix)


def _print_summary(units: list[Unit], seconds: float) -> None:
    log.info("")
    log.info("%-32s %-16s %8s %8s  status", "briefing", "notebooks", "execute", "render")
    for unit in units:
        executed = [r for r in unit.runs if not r.cached]
        exec_s = sum(r.seconds for r in executed)
        render_s = sum(unit.timings.values())
        notebooks = f"{len(unit.runs)} ({len(unit.runs) - len(executed)} cached)"
        log.info("%-32s %-16s %7.1fs %7.1fs  %s", unit.name, notebooks, exec_s, render_s,
                 unit.status)
    log.info("total %.1fs", seconds)
