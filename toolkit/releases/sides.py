"""One side of a comparison: a data package folder, or the data folder at a git revision.

``open_side("data")`` is a folder as it is on disk (the working tree); ``open_side("HEAD~3")``
extracts the project's data folder at that revision (``git archive``) into a temporary folder.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from toolkit.core.config import data_dir as default_data_dir
from toolkit.core.errors import ConfigError
from toolkit.data.schema import DESCRIPTOR


@dataclass(frozen=True)
class Side:
    """A data package folder to read, and how the user named it."""

    label: str
    path: Path
    revision: str | None = None  # the git revision it was extracted from, if any


def _package_folder(path: Path) -> Path | None:
    if (path / DESCRIPTOR).is_file():
        return path
    if (path / "data" / DESCRIPTOR).is_file():
        return path / "data"
    return None


def git(args: list[str], cwd: Path) -> bytes:
    """Run git; a failure becomes a ``ConfigError`` quoting git's own first line."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise ConfigError("git is not installed; name two data folders instead") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(f"git {' '.join(args)}: {message[0] if message else 'failed'}")
    return done.stdout


def repository_of(data: Path) -> tuple[Path, str]:
    """The git work tree holding ``data`` and the data folder's path inside it."""
    top = Path(git(["rev-parse", "--show-toplevel"], data).decode().strip())
    return top, data.resolve().relative_to(top.resolve()).as_posix()


@contextmanager
def open_side(name: str | Path, data: Path | None = None) -> Iterator[Side]:
    """A folder as it is, or ``data``'s folder (default: the project's) at git revision ``name``."""
    folder = _package_folder(Path(name))
    if folder is not None:
        yield Side(str(name), folder)
        return
    data = Path(data or default_data_dir())
    revision = str(name)
    try:
        top, inside = repository_of(data)
    except ConfigError as exc:
        raise ConfigError(f"{revision!r} is neither a data package folder (no {DESCRIPTOR}) nor a "
                          f"git revision: {exc}") from None
    try:
        git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    except ConfigError:
        raise ConfigError(f"{revision!r} is neither a data package folder (no {DESCRIPTOR}) nor a "
                          f"git revision of {top}") from None
    archive = git(["archive", "--format=tar", revision, "--", inside], top)
    with tempfile.TemporaryDirectory(prefix="toolkit-data-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        folder = _package_folder(Path(tmp) / inside)
        if folder is None:
            raise ConfigError(f"git revision {revision}: {inside}/{DESCRIPTOR} does not exist there")
        yield Side(f"{revision} ({inside})", folder, revision)
