"""Cache keys: checksums of everything a notebook run or a rendered briefing depends on.

Checksums of inputs, not timestamps, decide what must be rebuilt: the notebook's
cell sources (not its outputs), its parameters, the data package, the toolkit's
own code and the installed package versions.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from . import __version__
from .paths import PROJECT_ROOT, TEMPLATES_DIR

#: Packages whose versions enter the cache key: a new pandas may change a result.
KEYED_PACKAGES = ("pandas", "numpy", "altair", "vl-convert-python", "jinja2", "papermill",
                  "nbclient", "nbformat", "ipykernel", "weasyprint", "rapidfuzz")


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def notebook_checksum(path: Path) -> str:
    """Checksum of what a notebook computes: its cells' sources and types, not outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [(c.get("cell_type"), "".join(c.get("source", "")),
              sorted(c.get("metadata", {}).get("tags", []))) for c in nb.get("cells", [])]
    return sha(json.dumps(cells, sort_keys=True))


def toolkit_checksum() -> str:
    """Checksum of the toolkit's own code: a change in an analysis invalidates runs."""
    digest = hashlib.sha256(__version__.encode())
    for file in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(file.name.encode() + file.read_bytes())
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


def templates_checksum() -> str:
    digest = hashlib.sha256()
    for file in sorted(TEMPLATES_DIR.glob("*")):
        if file.is_file():
            digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        commit = out.stdout.strip()
        if not commit:
            return "unknown (not a git checkout)"
        dirty = subprocess.run(["git", "-C", str(PROJECT_ROOT), "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True, timeout=10)
        return commit + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (git not available)"


def resolved(params: dict) -> dict:
    """'latest' dates resolved to today's date, so yesterday's cache is not reused."""
    from .comparison import today
    return {k: (today().isoformat() if isinstance(v, str) and v.lower() == "latest" else v)
            for k, v in params.items()}


def read_cached_run(cache: Path) -> dict | None:
    """A cache entry's artifacts, or None when absent or unreadable (then it is rebuilt)."""
    try:
        meta = json.loads((cache / "run.json").read_text(encoding="utf-8"))
        art = json.loads((cache / "artifacts.json").read_text(encoding="utf-8"))
        return art if meta.get("complete") else None
    except (OSError, ValueError):
        return None
