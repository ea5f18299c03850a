"""Atom feeds of the measures a data release added or changed: ``feed.xml`` for all, and
``feeds/<JUR>.xml`` for each jurisdiction of the regime (empty feeds included, so a
subscriber's URL never breaks).

Built with ``xml.etree.ElementTree`` from the release notes (``release.json``); ids are
UUIDs derived from the data's homepage, the measure and the version. ``updated`` is when the
content last changed: the release's date (without release notes, the data's ``created``
stamp; the toolkit clock, ``SOURCE_DATE_EPOCH``, only when neither exists), so the same data
gives the same bytes, and a feed whose bytes would not change is not rewritten.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from toolkit.core.clock import now
from toolkit.core.files import write_text_atomic
from toolkit.data.schema import DESCRIPTOR, read_schema
from toolkit.releases.release import read_release_notes

ATOM = "http://www.w3.org/2005/Atom"


def _q(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        element.text = text
    return element


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_entries(notes: dict | None) -> list[dict]:
    """The added and changed measures of the release notes, newest announcement first."""
    if not notes:
        return []
    measures = notes["changes"]["measures"]
    items = [dict(m, status=status) for status in ("added", "changed") for m in measures[status]]
    return sorted(items, key=lambda m: (m.get("date_announced") or m.get("date_effective") or "",
                                        m["measure_id"]), reverse=True)


def build_feed(entries: list[dict], notes: dict | None, *, title: str, homepage: str, name: str,
               updated: dt.datetime, authors: list[str]) -> ET.Element:
    """One Atom ``feed`` element."""
    version = notes["version"] if notes else ""
    released = notes["date"] if notes else ""
    feed = ET.Element(_q("feed"))
    _add(feed, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"{homepage}#feed/{name}").urn)
    _add(feed, "title", title)
    _add(feed, "subtitle", f"Measures added or changed in data release {version} ({released})"
         if notes else "No data release recorded yet (toolkit data release writes data/release.json)")
    _add(feed, "updated", _stamp(updated))
    _add(feed, "link", href=homepage, rel="related")
    for author in authors or ["Export-controls toolkit maintainers"]:
        _add(_add(feed, "author"), "name", author)
    _add(feed, "generator", "export-controls toolkit")
    entry_time = (f"{released}T00:00:00Z" if released else _stamp(updated))
    for m in entries:
        entry = _add(feed, "entry")
        key = f"{homepage}#measure/{m['measure_id']}@{version}"
        _add(entry, "id", uuid.uuid5(uuid.NAMESPACE_URL, key).urn)
        verb = "New" if m["status"] == "added" else "Changed"
        _add(entry, "title", f"{verb} ({m['jurisdiction']}): {m['title']}")
        _add(entry, "updated", entry_time)
        if m.get("date_announced"):
            _add(entry, "published", f"{m['date_announced']}T00:00:00Z")
        if m.get("url"):
            _add(entry, "link", href=m["url"], rel="alternate", title="Official source")
        _add(entry, "category", term=m["jurisdiction"], scheme=f"{homepage}#jurisdiction",
             label="Jurisdiction")
        for dim in m.get("dimensions") or []:
            _add(entry, "category", term=dim, scheme=f"{homepage}#dimension", label="Dimension")
        _add(entry, "summary", _summary(m, version), type="text")
    return feed


def _summary(m: dict, version: str) -> str:
    parts = [f"{'Added' if m['status'] == 'added' else 'Changed'} in data release {version}.",
             f"Jurisdiction: {m['jurisdiction']}.",
             f"Announced: {m.get('date_announced') or 'not verified'}; in force: "
             f"{m.get('date_effective') or 'not verified'}.",
             f"Dimensions: {', '.join(m.get('dimensions') or []) or 'none set'}."]
    if m.get("fields"):
        parts.append("Changed fields: " + "; ".join(
            f"{c['field']} {c['old'] or '(empty)'} → {c['new'] or '(empty)'}"
            for c in m["fields"][:12]) + ".")
    return " ".join(parts)


def serialise(feed: ET.Element) -> str:
    ET.indent(feed)
    # Atom as the default namespace (<feed xmlns="…">), registered as the feed is written:
    # the registry is global, and WeasyPrint, in the same build process, registers its own.
    ET.register_namespace("", ATOM)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def write_feeds(data_dir: Path, output: Path) -> list[Path]:
    """Write ``output/feed.xml`` and ``output/feeds/<JUR>.xml`` (atomically); return the paths."""
    schema = read_schema(data_dir)
    descriptor = json.loads((Path(data_dir) / DESCRIPTOR).read_text(encoding="utf-8"))
    homepage = str(descriptor.get("homepage") or "https://example.invalid/export-controls")
    authors = [c.get("title", "") for c in descriptor.get("contributors", []) if c.get("title")]
    notes = read_release_notes(data_dir)
    entries = feed_entries(notes)
    updated = _content_date(notes, descriptor)
    base = str(descriptor.get("title") or "Export-control measures")
    written = []
    feeds = {output / "feed.xml": (f"{base}: new and changed measures", "all", entries)}
    for jur, name in schema.jurisdictions.items():
        feeds[output / "feeds" / f"{jur}.xml"] = (f"{base}: new and changed measures of {name}", jur,
                                                  [m for m in entries if m["jurisdiction"] == jur])
    for path, (title, key, items) in feeds.items():
        feed = build_feed(items, notes, title=title, homepage=homepage, name=key, updated=updated,
                          authors=authors)
        text = serialise(feed)
        if not (path.exists() and path.read_text(encoding="utf-8") == text):
            write_text_atomic(path, text)
        written.append(path)
    return written


def _content_date(notes: dict | None, descriptor: dict) -> dt.datetime:
    """When the feeds' content last changed: the release date, else the data's ``created``."""
    for text in ((notes or {}).get("date"), descriptor.get("created")):
        try:
            day = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        except ValueError:
            continue
        return day if day.tzinfo else day.replace(tzinfo=dt.UTC)
    return now()
