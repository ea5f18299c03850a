"""Publish a briefing: render its formats, replace the old outputs atomically, write manifests
and index pages. Nothing here runs a notebook."""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .artifacts import write_json_atomic
from .cache import notebook_checksum, read_cached_run, sha, templates_checksum
from .errors import ToolkitError
from .paths import PROJECT_ROOT, inside

if TYPE_CHECKING:
    from .build import Unit


def publish(unit: Unit, output: Path, cache: Path, provenance_base: dict, force: bool) -> Unit:
    """Render one briefing's formats from its cached runs and replace the old outputs.

    Skipped when the manifest's render key matches (same runs, title, templates
    and formats) and the outputs are still there, unless ``force``. All formats
    are rendered to temporary files first, so a failure replaces nothing. Returns
    the unit with its ``status``, ``timings`` and ``outputs`` set (it may have
    been rendered in another process).
    """
    from . import render
    target = inside(output, unit.stem, unit.name)
    if not force and is_current(unit, output):
        unit.status = "up to date"
        return unit
    artifacts = [read_cached_run(cache / "runs" / r.key) for r in unit.runs]
    if any(a is None for a in artifacts):
        raise ToolkitError(f"briefing {unit.name}: a notebook's results are missing from the cache "
                           f"{cache}; rebuild with --force")
    key = render_key(unit)
    manifest_path = _manifest_path(output, unit)
    provenance = dict(provenance_base, build_time=render.build_time().strftime("%Y-%m-%d %H:%M UTC"),
                      parameters={r.notebook: r.parameters for r in unit.runs})
    briefing = render.assemble(unit.title, artifacts, provenance)
    target.parent.mkdir(parents=True, exist_ok=True)
    temps: dict[str, Path] = {}
    try:
        for fmt in unit.formats:
            t0 = time.perf_counter()
            tmp = target.with_name(f".{target.name}.{fmt}.{os.getpid()}.tmp")
            temps[fmt] = tmp
            if fmt == "html":
                tmp.write_text(render.render_html(briefing, render.vega_bundle()),
                               encoding="utf-8")
            else:
                render.render_pdf(briefing, tmp)
            unit.timings[f"render_{fmt}"] = time.perf_counter() - t0
        outputs = {}
        for fmt, tmp in temps.items():
            final = target.with_name(f"{target.name}.{fmt}")
            os.replace(tmp, final)
            outputs[fmt] = {"path": str(final.relative_to(output)), "bytes": final.stat().st_size,
                            "sha256": sha(final.read_bytes())}
    except OSError as exc:
        raise ToolkitError(f"briefing {unit.name}: cannot write to {target.parent}: "
                           f"{exc.strerror or exc}; the previous report was left in place") from None
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
    manifest = {
        "briefing": unit.name, "definition": unit.definition, "title": unit.title,
        "subtitle": briefing.subtitle, "built_at": provenance["build_time"],
        "toolkit_version": __version__, "git_commit": provenance_base["git_commit"],
        "data": {"version": provenance_base["data_version"],
                 "checksum": provenance_base["data_checksum"]},
        "versions": provenance_base["versions"], "render_key": key,
        "notebooks": [{"name": r.notebook, "path": _display_path(r.path),
                       "checksum": notebook_checksum(r.path), "parameters": r.parameters,
                       "cache_key": r.key, "cached": r.cached, "seconds": round(r.seconds, 3)}
                      for r in unit.runs],
        "outputs": outputs,
        "timings": {k: round(v, 3) for k, v in unit.timings.items()},
    }
    write_json_atomic(manifest_path, manifest)
    unit.status = "built"
    unit.outputs = [str(output / o["path"]) for o in outputs.values()]
    return unit


def render_key(unit: Unit) -> str:
    """What a briefing's outputs depend on beyond its runs' keys: title, templates, formats."""
    return sha(json.dumps({"runs": [r.key for r in unit.runs], "title": unit.title,
                           "templates": templates_checksum(), "formats": unit.formats,
                           "epoch": os.environ.get("SOURCE_DATE_EPOCH")}, sort_keys=True))


def is_current(unit: Unit, output: Path) -> bool:
    """Whether the briefing's outputs were rendered from exactly these runs and templates."""
    return _outputs_current(_manifest_path(output, unit), render_key(unit), unit.formats)


def _manifest_path(output: Path, unit: Unit) -> Path:
    target = inside(output, unit.stem, unit.name)
    return target.with_name(target.name + ".manifest.json")


class Renderers:
    """Worker processes that draw charts as SVG and render briefings.

    They start, and import WeasyPrint and start vl-convert's engine, while the
    notebooks run, and they do all the rendering: the build process only drives
    kernels. vl-convert holds the GIL while it draws and WeasyPrint is pure
    Python, so in the build process either would stall the threads talking to
    the kernels. Several workers render a fan-out's briefings side by side.
    """

    def __init__(self, workers: int, formats: set[str]):
        """``workers`` processes; with 0, everything runs in this process, in order (for
        debugging: tracebacks and breakpoints work, monkeypatches apply)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        self.workers = max(0, workers)
        self.pool = _InProcess() if self.workers == 0 else ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("forkserver"),
            initializer=_warm, initargs=(sorted(formats),))
        for _ in range(self.workers):  # workers start on demand: ask for all of them now
            self.pool.submit(int)

    def svg(self, spec: dict) -> Future:
        """A chart's SVG for print, drawn by a worker (see ``artifacts.draw_svg``)."""
        from .artifacts import draw_svg
        return self._submit("drawing a chart", draw_svg, spec)

    def publish(self, unit: Unit, *args) -> Future:
        return self._submit(f"rendering {unit.name}", publish, unit, *args)

    def _submit(self, what: str, fn, *args) -> Future:
        from concurrent.futures.process import BrokenProcessPool
        try:  # with this process's environment now (SOURCE_DATE_EPOCH, XDG_CACHE_HOME…)
            future = self.pool.submit(_in_environment, dict(os.environ), fn, *args)
        except (BrokenProcessPool, RuntimeError):  # RuntimeError: shut down after a failure
            future = Future()
            future.set_exception(BrokenProcessPool())
        future.what = what
        return future

    @staticmethod
    def result(future: Future):
        """A task's result; a worker that died becomes a ToolkitError."""
        from concurrent.futures.process import BrokenProcessPool
        try:
            return future.result()
        except BrokenProcessPool:
            raise ToolkitError(f"a rendering process died while {future.what} (out of memory?)"
                               ) from None

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _InProcess:
    """The part of an executor ``Renderers`` uses, running each task at once, here."""

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # delivered by future.result(), as from a worker
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def _in_environment(environ: dict, fn, *args):
    if os.environ != environ:
        os.environ.clear()
        os.environ.update(environ)
    return fn(*args)


def _warm(formats: list[str]) -> None:
    """A rendering worker's start: what its first chart or briefing would otherwise wait for."""
    import gc
    gc.disable()  # see render.render_pdf; a worker lives for one build, its garbage is small
    from . import render
    if "html" in formats:
        render.vega_bundle()
    import vl_convert as vlc
    vlc.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})  # starts its JS engine
    if "pdf" in formats:
        import weasyprint  # noqa: F401


def publish_all(units: list[Unit], output: Path, cache: Path, provenance_base: dict, force: bool,
                jobs: int, echo, renderers: Renderers | None = None) -> None:
    """Publish briefings: those not up to date are rendered by ``renderers`` (started here
    for several briefings, when not given) or, for a single briefing, in this process."""
    def done(unit: Unit) -> None:
        if unit.status == "built":
            echo(f"  ✓ {unit.name}: wrote " + ", ".join(unit.outputs))

    stale = []
    for unit in units:
        if not force and is_current(unit, output):
            unit.status = "up to date"
        else:
            stale.append(unit)
    if renderers is None and (len(stale) < 2 or jobs < 2):
        for unit in stale:
            done(publish(unit, output, cache, provenance_base, force))
        return
    own = renderers is None
    if own:
        renderers = Renderers(min(jobs, len(stale)), {f for u in stale for f in u.formats})
    try:
        futures = [renderers.publish(unit, output, cache, provenance_base, force) for unit in stale]
        for unit, future in zip(stale, futures):
            result = renderers.result(future)
            unit.status, unit.timings, unit.outputs = result.status, result.timings, result.outputs
            done(unit)
    finally:
        if own:
            renderers.close()


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _outputs_current(manifest_path: Path, key: str, formats: list[str]) -> bool:
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("render_key") != key:
        return False
    base = manifest_path.parent
    for fmt in formats:
        out = manifest.get("outputs", {}).get(fmt)
        path = base / Path(out["path"]).name if out else None
        if not path or not path.exists() or path.stat().st_size != out["bytes"]:
            return False
    return True


def write_group_index(group: str, output: Path, provenance: dict) -> None:
    """The index page of a fan-out: one link per member briefing."""
    folder = output / group
    _write_index(folder, f"Briefings: {group}", _manifest_entries(folder), provenance)


def write_reports_index(output: Path, provenance: dict) -> None:
    """``reports/index.html``: every built briefing and every fan-out index (none yet: no page)."""
    if not output.is_dir():
        return
    entries = _manifest_entries(output)
    for folder in sorted(p for p in output.iterdir() if (p / "index.html").exists()):
        entries.append({"title": f"{folder.name} (index of its briefings)", "subtitle": "",
                        "href": f"{folder.name}/index.html", "pdf": None})
    _write_index(output, "Export-control briefings", entries, provenance)


def _manifest_entries(folder: Path) -> list[dict]:
    entries = []
    for manifest in sorted(folder.glob("*.manifest.json")):
        m = json.loads(manifest.read_text(encoding="utf-8"))
        stem = manifest.name[: -len(".manifest.json")]
        entries.append({"title": m["title"], "subtitle": m.get("subtitle", ""),
                        "href": f"{stem}.html" if "html" in m["outputs"] else f"{stem}.pdf",
                        "pdf": f"{stem}.pdf" if "pdf" in m["outputs"] else None})
    return entries


def _write_index(folder: Path, title: str, entries: list[dict], provenance: dict) -> None:
    from . import render
    built = dict(provenance, build_time=render.build_time().strftime("%Y-%m-%d"))
    _write_if_changed(folder / "index.html", render.render_index(title, entries, built))


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
