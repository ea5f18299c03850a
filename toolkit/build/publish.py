"""Publish a briefing: render its formats from the cached runs, then replace the previous
outputs and manifest together. Nothing here runs a notebook.

Only the build process writes into the output folder, and only while it holds the build
lock. Every format is rendered in memory first; then the files and the manifest are
written to temporary names and moved into place together (``replace_together``), so a
reader sees the old set or the new one, never a mix.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import suppress
from pathlib import Path

from toolkit import __version__
from toolkit.build.cache import RenderStep, entry_dir, read_entry, sha
from toolkit.build.notebooks import notebook_checksum
from toolkit.build.plan import inside
from toolkit.core.clock import now
from toolkit.core.errors import OutputError, RenderError, ToolkitError
from toolkit.core.files import replace_together, temp_beside
from toolkit.core.interrupt import uninterruptible
from toolkit.core.model import Unit
from toolkit.report import render
from toolkit.report.worker import PrintWorker

log = logging.getLogger(__name__)

#: The files each format writes, by suffix (``<name>.<suffix>``).
SUFFIXES = {"html": ("html",), "pdf": ("pdf",), "memo": ("memo.pdf",), "docx": ("docx",),
            "xlsx": ("xlsx",), "citations": ("bib", "csl.json")}


def publish_all(units: list[Unit], output: Path, cache: Path, provenance_base: dict,
                force: bool, root: Path, worker: PrintWorker | None = None) -> None:
    """Publish every unit that did not fail. Charts and PDFs are drawn and printed by
    ``worker``, or by one started when the first briefing needs it (a process per core, at
    most one per briefing). While one briefing's PDF prints, the next briefings are rendered,
    as many at a time as the worker has processes."""
    if force:
        render.vega_bundle(refresh=True)  # --force rebuilds the per-user bundle too
    started: list[PrintWorker] = []

    def get_worker() -> PrintWorker:
        if worker is not None:
            return worker
        if not started:
            started.append(PrintWorker(print_processes(units)))
        return started[0]

    width = worker.processes if worker is not None else print_processes(units)
    in_flight: deque[tuple[Unit, Callable[[], None]]] = deque()

    def finish_oldest() -> None:
        unit, finish = in_flight.popleft()
        finish()
        log.info("  ✓ %s: wrote %s", unit.name, ", ".join(unit.outputs))

    try:
        for unit in units:
            if unit.status == "failed":
                continue
            finish = publish(unit, output, cache, provenance_base, force, root, get_worker)
            if finish is not None:
                in_flight.append((unit, finish))
            while len(in_flight) >= width:
                finish_oldest()
        while in_flight:
            finish_oldest()
    except ToolkitError:
        while in_flight:  # publish what was rendered before the failure, then report it
            with suppress(ToolkitError):
                finish_oldest()
        raise
    finally:
        for own in started:
            own.close()


def print_processes(units: list[Unit]) -> int:
    """Worker processes worth starting: one per core, at most one per briefing that prints."""
    printing = sum(1 for u in units if {"pdf", "docx"} & set(u.formats) and u.status != "failed")
    return max(1, min(os.cpu_count() or 1, printing))


def publish(unit: Unit, output: Path, cache: Path, provenance_base: dict, force: bool,
            root: Path, get_worker: Callable[[], PrintWorker] | None = None,
            ) -> Callable[[], None] | None:
    """Render one briefing's formats; return what finishes it (waits for its PDF, then
    replaces its outputs and manifest together), or ``None`` when its outputs are current.

    The PDF is handed to the print worker (``get_worker``) first; the other formats are
    rendered here while it prints. Without ``get_worker`` everything is rendered here.
    Sets the unit's ``status`` ("built" or "up to date"), ``timings`` and ``outputs``.
    """
    target = inside(output, unit.stem, unit.name)
    entries = [read_entry(entry_dir(cache, r)) for r in unit.runs]
    if any(e is None for e in entries):
        raise ToolkitError(f"briefing {unit.name}: a notebook's results are missing from the "
                           f"cache {cache}; build again (or with --force)")
    artifacts = [e[0] for e in entries if e is not None]
    digests = [e[1] for e in entries if e is not None]
    key = RenderStep(unit, digests).key()
    manifest_path = target.with_name(target.name + ".manifest.json")
    if not force and outputs_current(manifest_path, key, unit.formats):
        unit.status = "up to date"
        return None
    built_at = now()
    provenance = dict(provenance_base, build_time=built_at.strftime("%Y-%m-%d %H:%M UTC"),
                      parameters={r.notebook: r.parameters for r in unit.runs},
                      overrides=unit.overrides)
    worker = get_worker() if get_worker and {"pdf", "docx"} & set(unit.formats) else None
    if worker is not None:
        worker.add_svgs(artifacts, unit.name, png="docx" in unit.formats)
    briefing = render.assemble(unit.title, artifacts, provenance, unit.official_sources_only)
    _warn_if_large(unit.name, briefing)
    briefing.name, briefing.formats = target.name, list(unit.formats)
    pending: dict[str, bytes | Future] = {}
    started: dict[str, float] = {}
    for fmt in sorted(unit.formats, key=lambda f: f != "pdf"):  # the PDF first: the longest
        started[fmt] = time.perf_counter()
        # The PDF cites only what its pages print, so it is numbered on its own.
        shown = briefing if fmt != "pdf" else render.assemble(
            unit.title, artifacts, provenance, unit.official_sources_only, for_print=True)
        shown.name, shown.formats = target.name, list(unit.formats)
        pending.update(_render(unit.name, fmt, shown, worker))
        unit.timings[f"render_{fmt}"] = time.perf_counter() - started[fmt]

    def finish() -> None:
        rendered = _collect(unit, pending, started, worker)
        manifest = {
            "briefing": unit.name, "definition": unit.definition, "title": unit.title,
            "one_off": unit.one_off, "overrides": unit.overrides,
            "subtitle": briefing.subtitle, "built_at": provenance["build_time"],
            "toolkit_version": __version__, "git_commit": provenance_base["git_commit"],
            "data": {"version": provenance_base["data_version"],
                     "checksum": provenance_base["data_checksum"]},
            "versions": provenance_base["versions"], "render_key": key,
            "sources": "official only" if unit.official_sources_only else "all",
            "notebooks": [{"name": r.notebook, "path": _display_path(r.path, root),
                           "checksum": notebook_checksum(r.path), "parameters": r.parameters,
                           "cache_key": r.key, "cached": r.cached, "seconds": round(r.seconds, 3),
                           "artifacts_sha256": digest}
                          for r, digest in zip(unit.runs, digests)],
            "outputs": {suffix: {"path": str(target.with_name(f"{target.name}.{suffix}")
                                             .relative_to(output)),
                                 "bytes": len(data), "sha256": sha(data)}
                        for suffix, data in rendered.items()},
            "timings": {k: round(v, 3) for k, v in unit.timings.items()},
        }
        files = {target.with_name(f"{target.name}.{suffix}"): data
                 for suffix, data in rendered.items()}
        files[manifest_path] = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()
        _replace(unit, files, manifest_path)

    return finish


def _collect(unit: Unit, pending: dict[str, bytes | Future], started: dict[str, float],
             worker: PrintWorker | None) -> dict[str, bytes]:
    """Each output's bytes, in the formats' order, waiting for what the worker prints."""
    rendered: dict[str, bytes] = {}
    for suffix in [x for fmt in unit.formats for x in SUFFIXES[fmt]]:
        value = pending[suffix]
        if isinstance(value, Future):
            assert worker is not None
            value = worker.result(value, unit.name, suffix)
            unit.timings[f"render_{suffix}"] = time.perf_counter() - started[suffix]
        rendered[suffix] = value
    return rendered


def _replace(unit: Unit, files: dict[Path, bytes], manifest_path: Path) -> None:
    """Replace the briefing's outputs and manifest together, and remove the formats the last
    build made and this one did not."""
    stale = [path for path in previous_outputs(manifest_path) if path not in files]
    with uninterruptible():  # a Ctrl-C now is raised once the outputs and status agree
        _write_together(unit, files)
        for path in stale:  # formats an earlier build wrote and this one did not: never a mix
            path.unlink(missing_ok=True)
            log.info("  removed %s: an earlier build's, not rebuilt with the others (add its "
                     "format to --format to keep it)", path.name)
        unit.status = "built"
        unit.outputs = [str(path) for path in files if path != manifest_path]


#: A table longer than this gets a warning: readers will not page through it (the HTML opens
#: with its first rows, the PDF prints a few; CSV/XLSX have it all).
LARGE_TABLE_ROWS = 5000


def _warn_if_large(name: str, briefing: render.Briefing) -> None:
    for section in [*briefing.sections, *getattr(briefing, "appendices", [])]:
        for block in section["blocks"]:
            rows = len(block.get("rows", [])) if block.get("type") == "table" else 0
            if rows > LARGE_TABLE_ROWS:
                log.warning("  ! %s: table '%s' in section '%s' has %s rows (over %s): the HTML "
                            "opens with the first %d, the PDF prints %d", name,
                            block.get("caption", ""), section.get("title", section.get("id")),
                            f"{rows:,}", f"{LARGE_TABLE_ROWS:,}", render.HTML_ROWS_OPEN,
                            min(block.get("print_rows") or render.PRINT_ROWS_LIMIT,
                                render.PRINT_ROWS_LIMIT))


def _render(name: str, fmt: str, briefing: render.Briefing,
            worker: PrintWorker | None = None) -> dict[str, bytes | Future]:
    """One format of a briefing, by file suffix (the PDF as the worker's future when there is a
    worker); a fault a user can fix becomes a ``RenderError`` that says which."""
    from jinja2 import TemplateError, TemplateSyntaxError
    try:
        if fmt == "html":
            return {"html": render.render_html(briefing, render.vega_bundle()).encode("utf-8")}
        if fmt == "pdf" and worker is not None:
            return {"pdf": worker.print_pdf(render.render_pdf_html(briefing))}
        if fmt == "pdf":
            return {"pdf": render.render_pdf(briefing)}
        if fmt == "memo":
            from toolkit.report.memo import render_memo_pdf
            return {"memo.pdf": render_memo_pdf(briefing)}
        if fmt == "docx":
            from toolkit.report.office import render_docx
            return {"docx": render_docx(briefing)}
        if fmt == "xlsx":
            from toolkit.report.office import render_xlsx
            return {"xlsx": render_xlsx(briefing)}
        from toolkit.report.citations import bibtex, csl_json
        return {"bib": bibtex(briefing.sources).encode("utf-8"),
                "csl.json": csl_json(briefing.sources).encode("utf-8")}
    except RenderError as exc:
        raise RenderError(name, fmt, exc.cause) from None
    except ModuleNotFoundError as exc:  # python-docx or openpyxl missing from an older install
        raise RenderError(name, fmt, f"the Python package {exc.name!r} that this format needs is not "
                          "installed: pip install -e . (or pip install python-docx openpyxl)") from None
    except TemplateSyntaxError as exc:
        raise RenderError(name, fmt, f"template error in {exc.name or exc.filename} line "
                          f"{exc.lineno}: {exc.message}") from None
    except TemplateError as exc:
        raise RenderError(name, fmt, f"template error: {exc.message or exc}") from None


def _write_together(unit: Unit, files: dict[Path, bytes]) -> None:
    temps: dict[Path, Path] = {}
    folder = next(iter(files)).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for final, data in files.items():
            tmp = temp_beside(final)
            temps[tmp] = final
            tmp.write_bytes(data)
            tmp.chmod(0o644)
        replace_together(temps)
    except OSError as exc:
        raise OutputError(unit.name, str(folder), exc.strerror or str(exc)) from None
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def previous_outputs(manifest_path: Path) -> list[Path]:
    """The files the briefing's current manifest lists (none when it is missing or unreadable)."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        return [manifest_path.parent / Path(out["path"]).name for out in manifest["outputs"].values()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []


def outputs_current(manifest_path: Path, key: str, formats: list[str]) -> bool:
    """Whether the manifest records this render key and every output still has its SHA-256."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("render_key") != key:
            return False
        suffixes = [x for fmt in formats for x in SUFFIXES[fmt]]
        if sorted(manifest["outputs"]) != sorted(suffixes):
            return False
        for suffix in suffixes:
            out = manifest["outputs"][suffix]
            path = manifest_path.parent / Path(out["path"]).name
            if sha(path.read_bytes()) != out["sha256"]:
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def _display_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
