"""Cache keys and cache entries: checksums of inputs, never timestamps, decide what is rebuilt.

Each step of a build knows its own inputs and hashes them (the way OWID's etl steps have
``checksum_input()``):

- a ``NotebookStep`` (one notebook run) depends on the notebook's cells (not its outputs),
  its parameters, the data package, the toolkit code a notebook can import (not the build
  or CLI code, which cannot change a result) and the installed package versions;
- a ``RenderStep`` (one briefing's outputs) depends on its runs' artifacts (their digests,
  so a repaired cache entry re-renders), title, formats, templates, the rendering code and
  the clock (``SOURCE_DATE_EPOCH``).

Bump ``EPOCH`` to force every cache entry and every briefing to be rebuilt.

A cache entry is a folder ``runs/<key>/`` with ``artifacts.json`` (what the notebook
recorded) and ``run.json`` (complete flag, schema version, the SHA-256 of artifacts.json).
An entry whose digest or schema does not match is reported and executed again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.build.notebooks import notebook_checksum
from toolkit.core.clock import today
from toolkit.core.config import source_date_epoch
from toolkit.core.model import NotebookRun, Unit

log = logging.getLogger(__name__)

#: Bump to invalidate every cache entry and rendered briefing.
EPOCH = 2
#: Version of the cache entry layout (run.json); entries of another version are executed again.
ENTRY_SCHEMA = 2
#: Packages whose versions enter the cache key: a new pandas may change a result.
KEYED_PACKAGES = ("pandas", "numpy", "altair", "vl-convert-python", "jinja2", "papermill",
                  "nbclient", "nbformat", "ipykernel", "weasyprint", "rapidfuzz", "markdown-it-py")
#: The toolkit's subpackages a notebook can import: their code enters a run's key.
NOTEBOOK_CODE = ("core", "data", "sources", "analysis", "present", "report", "releases")
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


@lru_cache(maxsize=4)
def code_checksum(subpackages: tuple[str, ...]) -> str:
    """Checksum of the toolkit's code in these subpackages (and the package's own __init__)."""
    digest = hashlib.sha256(__version__.encode())
    files = [PACKAGE_DIR / "__init__.py"]
    for name in subpackages:
        files.extend(sorted((PACKAGE_DIR / name).rglob("*.py")))
    for file in files:
        digest.update(str(file.relative_to(PACKAGE_DIR)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version
    out = {"python": sys.version.split()[0], "toolkit": __version__}
    for name in KEYED_PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit(folder: Path) -> str:
    """The project's git commit (with ``-dirty`` for uncommitted changes), for the manifest."""
    try:
        out = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        commit = out.stdout.strip()
        if not commit:
            return "unknown (not a git checkout)"
        dirty = subprocess.run(["git", "-C", str(folder), "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True, timeout=10)
        return commit + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (git not available)"


def resolved(params: dict) -> dict:
    """'latest' dates resolved to today's date, so yesterday's cache is not reused."""
    return {k: (today().isoformat() if isinstance(v, str) and v.lower() == "latest" else v)
            for k, v in params.items()}


def user_files_checksum(params: dict) -> dict[str, str]:
    """SHA-256 of each file a user supplied (``csl_path`` …): a changed file is a new run."""
    out = {}
    for name, value in params.items():
        if name.endswith("_path") and isinstance(value, str) and value:
            path = Path(value)
            out[name] = sha(path.read_bytes()) if path.is_file() else "not a file"
    return out


@dataclass
class NotebookStep:
    """One notebook run's inputs; ``key()`` names its cache entry."""

    run: NotebookRun
    data_checksum: str
    data_dir: Path
    versions: dict[str, str]
    kernel: str

    def checksum_input(self) -> dict[str, Any]:
        return {"epoch": EPOCH, "notebook": notebook_checksum(self.run.path),
                "name": self.run.notebook, "parameters": self.run.parameters,
                "data": self.data_checksum, "data_dir": str(self.data_dir.resolve()),
                "code": code_checksum(NOTEBOOK_CODE), "versions": self.versions,
                "kernel": self.kernel, "files": user_files_checksum(self.run.parameters)}

    def key(self) -> str:
        return sha(json.dumps(self.checksum_input(), sort_keys=True))


@dataclass
class RenderStep:
    """One briefing's rendering inputs; ``key()`` is recorded in its manifest."""

    unit: Unit
    artifact_digests: list[str]

    def checksum_input(self) -> dict[str, Any]:
        from toolkit.report.render import template_files
        templates = {name: sha(data) for name, data in template_files().items()}
        return {"epoch": EPOCH, "runs": [r.key for r in self.unit.runs],
                "artifacts": self.artifact_digests, "title": self.unit.title,
                "formats": self.unit.formats, "templates": templates,
                "official_sources_only": self.unit.official_sources_only,
                "code": code_checksum(("report", "core")), "clock": source_date_epoch()}

    def key(self) -> str:
        return sha(json.dumps(self.checksum_input(), sort_keys=True))


def entry_dir(cache: Path, run: NotebookRun) -> Path:
    return cache / "runs" / run.key


def write_entry_meta(folder: Path, run: NotebookRun) -> None:
    """Mark a finished run folder complete, with the digest of what it recorded."""
    from toolkit.core.files import write_json_atomic
    digest = sha((folder / "artifacts.json").read_bytes())
    write_json_atomic(folder / "run.json", {"complete": True, "schema": ENTRY_SCHEMA,
                                            "notebook": run.notebook, "parameters": run.parameters,
                                            "artifacts_sha256": digest})


def read_entry(folder: Path) -> tuple[dict, str] | None:
    """A cache entry's artifacts and their digest, or None when absent, incomplete or altered.

    An entry that exists but fails a check (unreadable, another schema, a digest that does
    not match, artifacts that are not a recorder's document) is reported in the log.
    """
    if not folder.exists():
        return None
    try:
        meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        raw = (folder / "artifacts.json").read_bytes()
    except (OSError, ValueError) as exc:
        log.warning("cache entry %s is unreadable (%s); executing again", folder.name[:12], exc)
        return None
    if not meta.get("complete") or meta.get("schema") != ENTRY_SCHEMA:
        log.info("cache entry %s is from another version; executing again", folder.name[:12])
        return None
    digest = sha(raw)
    if digest != meta.get("artifacts_sha256"):
        log.warning("cache entry %s was altered (artifacts.json does not match its digest); "
                    "executing again", folder.name[:12])
        return None
    try:
        artifacts = json.loads(raw)
    except ValueError:
        artifacts = None
    if not (isinstance(artifacts, dict) and isinstance(artifacts.get("sections"), list)
            and isinstance(artifacts.get("findings"), list) and artifacts.get("notebook")):
        log.warning("cache entry %s does not hold a notebook's artifacts; executing again",
                    folder.name[:12])
        return None
    return artifacts, digest
