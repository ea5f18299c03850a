"""The release notes as a briefing shows them: "New since the last release".

>>> intro, table = new_since_release(read_release_notes("data"), "0.3.0")   # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.releases.release import read_release_notes

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NEW_SINCE_COLUMNS", "new_since_release", "read_release_notes"]

#: Frame columns -> the table's header labels.
NEW_SINCE_COLUMNS = {"change": "Change", "jurisdiction": "Jurisdiction", "title": "Measure",
                     "date_announced": "Announced", "date_effective": "In force",
                     "dimensions": "Dimensions", "what_changed": "What changed"}


def new_since_release(notes: dict | None, version: str) -> tuple[str, pd.DataFrame]:
    """A sentence on the release and one row per measure it added, changed or removed.

    ``source_id`` is kept for citations (empty for a removed measure, whose source may be
    gone). With no release notes, or notes of another version than the data's, the sentence
    says so and the table is empty.
    """
    import pandas as pd
    columns = [*NEW_SINCE_COLUMNS, "source_id", "measure_id"]
    if not notes:
        return (f"Data version {version} carries no machine-readable release notes "
                "(`toolkit data release` writes them); data/CHANGELOG.md lists what each release "
                "changed.", pd.DataFrame(columns=columns))
    changes = notes["changes"]
    if notes.get("version") != version:
        return (f"The release notes describe data {notes.get('version')}, not the data version "
                f"{version} this briefing was built from; run `toolkit data release`.",
                pd.DataFrame(columns=columns))
    rows = []
    for status in ("added", "changed", "removed"):
        for m in changes["measures"][status]:
            fields = ", ".join(dict.fromkeys(c["field"].split(".")[0] for c in m.get("fields", [])))
            rows.append({"change": {"added": "new", "changed": "changed", "removed": "removed"}[status],
                         "jurisdiction": m["jurisdiction"], "title": m["title"],
                         "date_announced": m["date_announced"] or None,
                         "date_effective": m["date_effective"] or None,
                         "dimensions": ", ".join(m["dimensions"]) or "none",
                         "what_changed": fields or ("whole measure" if status != "changed" else ""),
                         "source_id": m.get("source_id") if status != "removed" else None,
                         "measure_id": m["measure_id"]})
    counts = {s: len(changes["measures"][s]) for s in ("added", "changed", "removed")}
    cells = changes.get("cells")
    flips = ("; no regime cell changed level" if cells == [] else
             "; regime cells that changed level on " + changes["as_of"] + ": "
             + ", ".join(f"{c['jurisdiction']} {c['dimension']} {c['old_level']} → {c['new_level']}"
                         for c in cells) if cells else "")
    intro = (f"Data release {notes['version']} ({notes['date']}) against {notes['previous']['version']}: "
             f"{counts['added']} measure(s) added, {counts['changed']} changed, {counts['removed']} "
             f"removed{flips}.")
    return intro, pd.DataFrame(rows, columns=columns)
