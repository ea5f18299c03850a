"""The core: configuration and the project folder, dates, atomic file sets, errors, the build lock."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from toolkit.core import config
from toolkit.core.clock import now, today
from toolkit.core.dates import is_missing, parse_date, to_timestamp
from toolkit.core.errors import (
    ConfigError,
    DataError,
    FormatError,
    NotebookError,
    OutputError,
    Problem,
    RenderError,
)
from toolkit.core.files import replace_together, write_json_atomic


def test_project_is_the_nearest_folder_with_reports_toml(tmp_path, monkeypatch):
    monkeypatch.delenv("TOOLKIT_PROJECT", raising=False)
    monkeypatch.delenv("TOOLKIT_DATA_DIR", raising=False)
    (tmp_path / "reports.toml").write_text("")
    deep = tmp_path / "notebooks" / "sub"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert config.project_dir() == tmp_path.resolve()
    assert config.data_dir() == tmp_path.resolve() / "data"
    assert config.cache_dir() == tmp_path.resolve() / "reports" / ".cache"
    monkeypatch.setenv("TOOLKIT_DATA_DIR", "/elsewhere/data")
    assert str(config.data_dir()) == "/elsewhere/data"


def test_no_project_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("TOOLKIT_PROJECT", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="no project folder found.*--project DIR"):
        config.project_dir()
    monkeypatch.setenv("TOOLKIT_PROJECT", str(tmp_path))
    with pytest.raises(ConfigError, match="TOOLKIT_PROJECT=.*no reports.toml"):
        config.project_dir()


def test_source_date_epoch_fixes_the_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert now() == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert today() == dt.date(2026, 1, 1)
    assert to_timestamp("latest").date() == dt.date(2026, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert config.source_date_epoch() is None


@pytest.mark.parametrize("text, expected", [
    ("2024-04-26", dt.date(2024, 4, 26)), (" 2024-04-26 ", dt.date(2024, 4, 26)),
    ("2024-02-30", None), ("2024-4-26", None), ("26/04/2024", None), ("", None),
])
def test_one_date_parser(text, expected):
    assert parse_date(text) == expected


def test_to_timestamp_says_why_a_date_is_refused():
    with pytest.raises(ValueError, match="'2024-02-30' is not a real calendar date"):
        to_timestamp("2024-02-30", "as_of")
    with pytest.raises(ValueError, match="'soon' is not a date; expected YYYY-MM-DD"):
        to_timestamp("soon", "as_of")


def test_is_missing():
    import numpy as np
    import pandas as pd
    assert all(is_missing(v) for v in (None, float("nan"), np.nan, pd.NaT, pd.NA))
    assert not any(is_missing(v) for v in ("", 0, [], "nan", pd.Timestamp("2024-01-01")))


def test_a_set_of_files_is_replaced_together_or_not_at_all(tmp_path, monkeypatch):
    a, b = tmp_path / "a.html", tmp_path / "a.pdf"
    a.write_text("old html")
    b.write_text("old pdf")
    new_a, new_b = tmp_path / ".a.tmp", tmp_path / ".b.tmp"
    new_a.write_text("new html")
    new_b.write_text("new pdf")
    real = os.replace

    def fail_on_pdf(src, dst, *args, **kw):
        if str(dst).endswith(".pdf"):
            raise OSError(28, "No space left on device")
        return real(src, dst, *args, **kw)
    monkeypatch.setattr(os, "replace", fail_on_pdf)
    with pytest.raises(OSError, match="No space left"):
        replace_together({new_a: a, new_b: b})
    assert a.read_text() == "old html" and b.read_text() == "old pdf"  # the HTML was put back
    monkeypatch.setattr(os, "replace", real)
    new_a.write_text("new html")  # the failed attempt used it up
    replace_together({new_a: a, new_b: b})
    assert a.read_text() == "new html" and b.read_text() == "new pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.pdf"]


def test_a_signal_during_the_moves_is_raised_once_the_set_is_complete(tmp_path, monkeypatch):
    import signal

    from toolkit.core import interrupt
    finals = [tmp_path / "a.html", tmp_path / "a.pdf"]
    temps = [tmp_path / ".a.tmp", tmp_path / ".b.tmp"]
    for tmp in temps:
        tmp.write_text("new")
    real = os.replace
    moved: list[str] = []

    def replace_then_signal(src, dst, *args, **kw):
        real(src, dst, *args, **kw)
        moved.append(Path(dst).name)
        if len(moved) == 1:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives between the two moves
    monkeypatch.setattr(os, "replace", replace_then_signal)
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    interrupt.install()
    try:
        with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
            replace_together(dict(zip(temps, finals)))
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    assert moved == ["a.html", "a.pdf"]  # held until both were in place
    assert all(f.read_text() == "new" for f in finals)
    assert interrupt.last_signal() == "SIGTERM"


def test_json_is_written_atomically(tmp_path):
    path = tmp_path / "sub" / "x.json"
    write_json_atomic(path, {"é": 1})
    assert path.read_text(encoding="utf-8") == '{\n "é": 1\n}\n'
    assert [p.name for p in path.parent.iterdir()] == ["x.json"]


@pytest.mark.parametrize("error", [
    NotebookError("b", "nb", 3, "RuntimeError: boom", "/x.ipynb"),
    RenderError("b", "pdf", "a library is missing"),
    OutputError("b", "/reports", "Permission denied"),
    FormatError("f.csv", 2, "bad", "good"),
    DataError([Problem("f.csv", 2, "col", "bad", "v")], "1 problem"),
])
def test_errors_survive_pickling_with_their_message(error):
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


def test_a_waiting_build_names_the_holder_and_gives_up_after_wait(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from toolkit.build.lock import build_lock
        with build_lock(Path({str(tmp_path)!r})):
            print("held", flush=True)
            sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        from toolkit.build.lock import LockTimeout, build_lock
        with pytest.raises(LockTimeout, match=rf"another build \(pid {holder.pid}, started .*\) "
                                              r"still holds the lock after 0.5 s"):
            with build_lock(tmp_path, wait=0.5):
                pass
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    with build_lock(tmp_path, wait=0.5):  # released when its holder ended
        pass


@pytest.mark.parametrize("value, shown", [
    ("Huawei\u202eevil", "Huawei\\u202eevil"),    # a right-to-left override cannot reorder the line
    ("red\x1b[31m", "red\\x1b[31m"),              # nor an escape sequence recolour the terminal
    ("a\x00b", "a\\x00b"),
    ("華為技術有限公司", "華為技術有限公司"),          # printable text is shown as it is
])
def test_a_problem_shows_control_and_formatting_characters_escaped(value, shown):
    problem = Problem("measures.csv", 7, "title", "bad text", value)
    assert str(problem) == f"measures.csv:7:title: bad text ({shown})"
