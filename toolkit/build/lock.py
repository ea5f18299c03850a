"""One build at a time per cache: an advisory lock that names its holder.

The lock is ``fcntl.flock`` on ``<cache>/build.lock`` (Linux and macOS). The kernel
releases it when the holding process ends, however it ends, so a killed build never
leaves a stale lock. The holder writes its pid and start time into the file, so a
waiting build can say whom it waits for.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.core.errors import ConfigError, ToolkitError

log = logging.getLogger(__name__)


class LockTimeout(ToolkitError):
    """Another build held the lock for longer than the caller would wait."""

    exit_code = 75  # EX_TEMPFAIL: try again later


@contextmanager
def build_lock(cache_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the build lock of ``cache_dir``; wait for it at most ``wait`` seconds (None: forever)."""
    try:
        import fcntl
    except ImportError:  # Windows
        raise ConfigError("building briefings needs a POSIX system (Linux or macOS; on Windows, "
                          "use WSL): the build lock uses fcntl") from None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle = open(cache_dir / "build.lock", "a+")  # noqa: SIM115 (held across the yield)
    except OSError as exc:
        raise ConfigError(f"cannot use the build cache {cache_dir}: {exc.strerror or exc} "
                          "(set TOOLKIT_CACHE_DIR to a writable folder)") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            limit = "" if wait is None else f" (at most {wait:g} s)"
            log.info("waiting for another build of these reports to finish (held by %s)%s…",
                     holder, limit)
            _wait_for(handle, fcntl, wait, holder)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}, started {dt.datetime.now().isoformat(' ', 'seconds')}\n")
            handle.flush()
        except OSError:
            pass  # naming the holder is a courtesy; the lock itself is held
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _wait_for(handle, fcntl, wait: float | None, holder: str) -> None:
    if wait is None:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockTimeout(f"another build ({holder}) still holds the lock after "
                                  f"{wait:g} s; nothing was built") from None
            time.sleep(0.2)
