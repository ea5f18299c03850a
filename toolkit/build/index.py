"""Index pages: ``reports/index.html`` (every briefing) and one per fan-out (its members)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from toolkit.core.clock import now
from toolkit.core.errors import ToolkitError
from toolkit.core.files import write_text_atomic
from toolkit.report import render

log = logging.getLogger(__name__)


def write_group_index(group: str, output: Path, provenance: dict) -> None:
    """The index page of a fan-out: one link per member briefing."""
    folder = output / group
    _write_index(folder, f"Briefings: {group}", manifest_entries(folder), provenance)


def write_reports_index(output: Path, provenance: dict) -> None:
    """``reports/index.html``: every built briefing and every fan-out index (none yet: no page)."""
    if not output.is_dir():
        return
    entries = manifest_entries(output)
    for folder in sorted(p for p in output.iterdir() if (p / "index.html").exists()):
        entries.append({"title": f"{folder.name} (index of its briefings)", "subtitle": "",
                        "href": f"{folder.name}/index.html", "pdf": None, "memo": None,
                        "one_off": _one_off_group(folder)})
    _write_index(output, "Export-control briefings", entries, provenance)


def _one_off_group(folder: Path) -> bool:
    """Whether a fan-out's folder holds one-off builds (its members' manifests say so)."""
    for manifest in folder.glob("*.manifest.json"):
        try:
            return bool(json.loads(manifest.read_text(encoding="utf-8")).get("one_off"))
        except (OSError, ValueError, AttributeError):
            continue
    return False


def manifest_entries(folder: Path) -> list[dict]:
    """One entry per readable manifest in ``folder``; an unreadable one is skipped with a warning."""
    entries = []
    for manifest in sorted(folder.glob("*.manifest.json")):
        try:
            m = json.loads(manifest.read_text(encoding="utf-8"))
            stem = manifest.name[: -len(".manifest.json")]
            entries.append({"title": m["title"], "subtitle": m.get("subtitle", ""),
                            "href": f"{stem}.html" if "html" in m["outputs"] else f"{stem}.pdf",
                            "pdf": f"{stem}.pdf" if "pdf" in m["outputs"] else None,
                            "memo": f"{stem}.memo.pdf" if "memo.pdf" in m["outputs"] else None,
                            "one_off": bool(m.get("one_off"))})
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("warning: %s is unreadable (%s); left out of the index", manifest, exc)
    return entries


def _write_index(folder: Path, title: str, entries: list[dict], provenance: dict) -> None:
    built = dict(provenance, build_time=now().strftime("%Y-%m-%d"))
    text = render.render_index(title, entries, built)
    path = folder / "index.html"
    try:
        if path.exists() and path.read_text(encoding="utf-8") == text:
            return
        write_text_atomic(path, text)
    except OSError as exc:
        raise ToolkitError(f"cannot write the index {path}: {exc.strerror or exc}; the briefings "
                           "themselves were published, the previous index was left in place"
                           ) from None
