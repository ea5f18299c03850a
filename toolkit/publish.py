"""Publish a briefing: render its formats, replace the old outputs atomically, write manifests
and index pages. Nothing here runs a notebook."""

from __future__ import annotations

import json
import os
import time
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
    artifacts = [read_cached_run(cache / "runs" / r.key) for r in unit.runs]
    if any(a is None for a in artifacts):
        raise ToolkitError(f"briefing {unit.name}: a notebook's results are missing from the cache "
                           f"{cache}; rebuild with --force")
    render_key = sha(json.dumps({"runs": [r.key for r in unit.runs], "title": unit.title,
                                  "templates": templates_checksum(), "formats": unit.formats,
                                  "epoch": os.environ.get("SOURCE_DATE_EPOCH")}, sort_keys=True))
    manifest_path = target.with_name(target.name + ".manifest.json")
    if not force and _outputs_current(manifest_path, render_key, unit.formats):
        unit.status = "up to date"
        return unit
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
        "versions": provenance_base["versions"], "render_key": render_key,
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


def publish_all(units: list[Unit], output: Path, cache: Path, provenance_base: dict, force: bool,
                jobs: int, echo) -> None:
    """Publish several briefings, rendering up to ``jobs`` of them at once in worker processes.

    WeasyPrint is pure Python and holds the GIL, so processes, not threads, let
    the PDFs of a fan-out render side by side. A single briefing renders here.
    """
    def done(unit: Unit) -> None:
        if unit.status == "built":
            echo(f"  ✓ {unit.name}: wrote " + ", ".join(unit.outputs))

    if len(units) < 2 or jobs < 2:
        for unit in units:
            done(publish(unit, output, cache, provenance_base, force))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=min(jobs, len(units)), mp_context=context) as pool:
        futures = [pool.submit(publish, unit, output, cache, provenance_base, force) for unit in units]
        for unit, future in zip(units, futures):
            result = future.result()  # re-raises a ToolkitError from the worker
            unit.status, unit.timings, unit.outputs = result.status, result.timings, result.outputs
            done(unit)


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _outputs_current(manifest_path: Path, render_key: str, formats: list[str]) -> bool:
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("render_key") != render_key:
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
    """``reports/index.html``: every built briefing and every fan-out index."""
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
