"""Ctrl-C and SIGTERM: stop the build at once, but never in the middle of publishing.

``install()`` (called by the command line, in the main thread) makes SIGINT and SIGTERM raise
``KeyboardInterrupt`` carrying which signal it was (``last_signal()``). Inside
``uninterruptible()`` (the moves that replace a briefing's outputs together) a signal is held
and raised as soon as the block ends, so a reader never sees half of one build and half of
another.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["install", "last_signal", "uninterruptible"]

_state: dict[str, int | None] = {"depth": 0, "pending": None, "last": None}


def _handler(signum: int, _frame) -> None:
    _state["last"] = signum
    if _state["depth"]:
        _state["pending"] = signum
        return
    raise KeyboardInterrupt(signal.Signals(signum).name)


def install() -> None:
    """Route SIGINT and SIGTERM through ``_handler`` (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _handler)


def last_signal() -> str:
    """``"SIGINT"`` or ``"SIGTERM"``: what stopped the build (``"SIGINT"`` if unknown)."""
    last = _state["last"]
    return signal.Signals(last).name if last else "SIGINT"


@contextmanager
def uninterruptible() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block ends (in the main thread; nests)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _state["depth"] = (_state["depth"] or 0) + 1
    try:
        yield
    finally:
        _state["depth"] = (_state["depth"] or 1) - 1
        pending = _state["pending"]
        if not _state["depth"] and pending is not None:
            _state["pending"] = None
            raise KeyboardInterrupt(signal.Signals(pending).name)
