"""Writing files so that readers never see half of one, and a set of files changes together."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from toolkit.core.interrupt import uninterruptible


def temp_beside(path: Path, tag: str = "") -> Path:
    """A fresh temporary file name in ``path``'s folder (same file system, so ``os.replace`` is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{tag}", suffix=".tmp")
    os.close(fd)
    return Path(tmp)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and one ``os.replace``."""
    tmp = temp_beside(path)
    try:
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json_atomic(path: Path, payload: Any, indent: int | None = 1) -> None:
    """Write JSON so readers never see a half-written file (``indent=None``: compact, and
    about three times faster, as only then does ``json`` use its C encoder)."""
    separators = (",", ":") if indent is None else None
    write_text_atomic(path, json.dumps(payload, ensure_ascii=False, indent=indent,
                                       separators=separators) + "\n")


def replace_together(moves: dict[Path, Path]) -> None:
    """Move each temporary file onto its final path, all or none.

    Every final file that exists is first linked aside; if any move fails, the
    ones already made are undone from those copies, so the set a reader sees is
    always the old one or the new one, never a mix.
    """
    with uninterruptible():  # Ctrl-C/SIGTERM wait until the set is complete (or undone)
        _replace_together(moves)


def _replace_together(moves: dict[Path, Path]) -> None:
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for final in moves.values():
            if final.exists():
                backup = temp_beside(final, "old.")
                try:
                    backup.unlink()
                    os.link(final, backup)
                except OSError:  # no hard links on this file system: a copy does
                    shutil.copy2(final, backup)
                backups[final] = backup
        for tmp, final in moves.items():
            os.replace(tmp, final)
            done.append(final)
    except BaseException:
        for final in done:
            if final in backups:
                os.replace(backups.pop(final), final)
            else:
                final.unlink(missing_ok=True)
        raise
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)
