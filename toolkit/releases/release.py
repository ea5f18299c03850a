"""A data release: the version bumped, the date stamped, the changelog entry and the
machine-readable release notes (``release.json``) written from the diff against the
previous release.

The previous release is, by default, the git revision that introduced the current version
in ``datapackage.json`` (the oldest commit of the newest run of commits carrying it); or a
folder or revision given as ``against``. Nothing is written unless the data validates and
the new version is greater than the current one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from toolkit.core.errors import ConfigError
from toolkit.core.files import replace_together, temp_beside
from toolkit.data.schema import DESCRIPTOR
from toolkit.releases.diff import PackageDiff, diff_packages
from toolkit.releases.sides import git, repository_of

VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
RELEASE_NOTES = "release.json"
CHANGELOG = "CHANGELOG.md"


def parse_version(text: str) -> tuple[int, int, int]:
    """``"0.3.0"`` as ``(0, 3, 0)``; anything else is a ``ConfigError`` naming the value."""
    m = VERSION.fullmatch(text.strip())
    if not m:
        raise ConfigError(f"version {text!r}: expected X.Y.Z, three whole numbers without leading "
                          "zeros (e.g. 0.3.0)")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def last_release_revision(data_dir: Path, version: str) -> str:
    """The git commit that introduced ``version`` in ``data_dir``'s ``datapackage.json``."""
    top, inside = repository_of(data_dir)
    path = f"{inside}/{DESCRIPTOR}"
    commits = git(["log", "--format=%H", "--", path], top).decode().split()
    found = None
    for commit in commits:
        try:
            text = git(["show", f"{commit}:{path}"], top).decode("utf-8")
            seen = str(json.loads(text).get("version", ""))
        except (ConfigError, ValueError):
            seen = ""
        if seen != version:
            if found is not None:
                break
            continue
        found = commit
    if found is None:
        raise ConfigError(f"no git commit of {path} carries version {version}; name the previous "
                          "release with --against (a folder or a git revision)")
    return found


def release(data_dir: Path, version: str, day: dt.date, against: str | None = None) -> PackageDiff:
    """Release ``data_dir`` as ``version`` on ``day``; return the diff that was written down."""
    from toolkit.data.validation import validate
    new = parse_version(version)
    descriptor_path = data_dir / DESCRIPTOR
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    current = str(descriptor.get("version", "0.0.0"))
    if new <= parse_version(current):
        raise ConfigError(f"version {version!r}: not greater than the current data version {current}")
    report = validate(data_dir)
    report.raise_for_errors()
    if against is None:
        try:
            against = last_release_revision(data_dir, current)
        except ConfigError as exc:
            raise ConfigError(f"cannot find the release of version {current} in git ({exc}); name it "
                              "with --against (a data folder or a git revision)") from None
    baseline = against
    changes = diff_packages(baseline, data_dir, as_of=day.isoformat(), data=data_dir)
    descriptor["version"] = version
    descriptor["created"] = f"{day.isoformat()}T00:00:00Z"
    notes = {"version": version, "date": day.isoformat(),
             "previous": {"version": current, "source": changes.old["label"],
                          "revision": changes.old.get("revision")},
             "changes": changes.to_dict()}
    changelog = data_dir / CHANGELOG
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else "# Data changelog\n"
    text = with_entry(text, version, day, current, changes)
    payloads = {descriptor_path: json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                data_dir / RELEASE_NOTES: json.dumps(notes, indent=1, ensure_ascii=False) + "\n",
                changelog: text}
    moves: dict[Path, Path] = {}
    try:
        for final, payload in payloads.items():
            tmp = temp_beside(final)
            tmp.write_text(payload, encoding="utf-8")
            tmp.chmod(0o644)
            moves[tmp] = final
        replace_together(moves)
    finally:
        for tmp in moves:
            tmp.unlink(missing_ok=True)
    return changes


UNRELEASED = re.compile(r"^## Unreleased[^\n]*\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def with_entry(text: str, version: str, day: dt.date, previous: str, changes: PackageDiff) -> str:
    """``CHANGELOG.md`` with the release's entry on top; the prose a curator wrote under
    ``## Unreleased`` becomes the entry's first paragraphs (and the heading goes)."""
    found = UNRELEASED.search(text)
    prose = found.group(1).strip() if found else ""
    if found:
        text = text[:found.start()] + text[found.end():]
    entry = changelog_entry(version, day, previous, changes, prose)
    at = text.find("\n## ")
    if at < 0:
        return text.rstrip("\n") + "\n\n" + entry
    return text[:at + 1] + entry + "\n" + text[at + 1:]


def changelog_entry(version: str, day: dt.date, previous: str, changes: PackageDiff,
                    prose: str = "") -> str:
    """The ``## X.Y.Z — date`` section for ``CHANGELOG.md``, from the diff."""
    added, removed, changed = (changes.of(s) for s in ("added", "removed", "changed"))
    revision = changes.old.get("revision")
    lines = [f"## {version} — {day.isoformat()}", "", *([prose, ""] if prose else []),
             f"Changes since {previous} ({changes.old['label'] if not revision else revision[:12]}), "
             "written by `toolkit data release` from the diff.", "",
             f"- Measures: {len(added)} added, {len(removed)} removed, {len(changed)} changed."]
    lines += [f"- Added `{m.measure_id}`: {m.title} ({m.jurisdiction}; announced "
              f"{m.date_announced or 'date not verified'})." for m in added]
    lines += [f"- Removed `{m.measure_id}`: {m.title} ({m.jurisdiction})." for m in removed]
    for m in changed:
        fields = "; ".join(f"{c.field} {c.old or '(empty)'} → {c.new or '(empty)'}" for c in m.fields)
        lines.append(f"- Changed `{m.measure_id}`: {_cut(fields, 600)}.")
    if changes.cells is None:
        lines.append(f"- Regime cells on {changes.as_of}: not compared ({changes.cells_note}).")
    elif changes.cells:
        flips = ", ".join(f"{c.jurisdiction} {c.dimension} {c.old_level} → {c.new_level}"
                          for c in changes.cells)
        lines.append(f"- Regime cells flipped on {changes.as_of}: {flips}.")
    else:
        lines.append(f"- No regime cell changed level on {changes.as_of}.")
    return "\n".join(lines) + "\n"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def read_release_notes(data_dir: Path) -> dict | None:
    """The release notes ``toolkit data release`` wrote, or None when there are none."""
    path = Path(data_dir) / RELEASE_NOTES
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise ConfigError(f"{path}: not valid JSON ({exc}); run `toolkit data release` again") from None
