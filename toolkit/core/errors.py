"""Typed errors that carry what a user needs to fix the problem.

Every error a user can cause (bad data, bad parameters, a failing notebook) is a
``ToolkitError``; the CLI prints its message without a traceback and exits with
its ``exit_code``. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class ToolkitError(Exception):
    """Base class for errors caused by input, not by a bug."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One problem in one place of a file: ``file:row:column: message (value)``.

    ``row`` is the 1-based line number in the file as a spreadsheet shows it (the
    header is line 1), or ``None`` when the problem concerns the whole file.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" ({_show(self.value)})"
        return text


def _show(value: str, limit: int = 80) -> str:
    # Control and formatting characters (NUL, ESC, a right-to-left override…) are shown
    # escaped, so a value cannot rearrange or recolour the message it appears in.
    shown = repr(value)[1:-1] if not value.isprintable() else value
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class DataError(ToolkitError):
    """The data directory (or a file a user gave) has problems; all are kept in ``problems``."""

    SHOWN = 50

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems, self.summary = list(problems), summary
        head = summary or f"{len(self.problems)} problem(s) in the data"
        shown = "\n".join(f"  {p}" for p in self.problems[:self.SHOWN])
        if len(self.problems) > self.SHOWN:
            shown += (f"\n  … and {len(self.problems) - self.SHOWN} more "
                      "(`toolkit validate DIR` lists them all)")
        super().__init__(head + ":\n" + shown)

    def __reduce__(self):
        return (type(self), (self.problems, self.summary))


class FormatError(ToolkitError):
    """A file given to a loader is not in the format the loader reads."""

    def __init__(self, file: str, line: int | None, message: str, expected: str | None = None):
        self.file, self.line, self.message, self.expected = file, line, message, expected
        where = f"{file}:{line}" if line is not None else file
        text = f"{where}: {message}"
        if expected:
            text += f"\n  expected: {expected}"
        super().__init__(text)

    def __reduce__(self):
        return (type(self), (self.file, self.line, self.message, self.expected))


class OutputError(ToolkitError):
    """A briefing's outputs could not be written (read-only folder, full disk, permissions)."""

    def __init__(self, briefing: str, folder: str, cause: str):
        self.briefing, self.folder, self.cause = briefing, folder, cause
        super().__init__(f"briefing {briefing!r}: cannot write its outputs to {folder}: {cause}; "
                         "the previous outputs were left in place")

    def __reduce__(self):
        return (type(self), (self.briefing, self.folder, self.cause))


class ParameterError(ToolkitError):
    """A build parameter is unknown or of the wrong type."""

    exit_code = 2


class ConfigError(ToolkitError):
    """The report definitions or a command-line option are wrong."""

    exit_code = 2


class NotebookError(ToolkitError):
    """A notebook failed (or ran past its timeout) while the build executed it."""

    def __init__(self, briefing: str, notebook: str, cell: int | None, exception: str,
                 executed_path: str | None = None):
        self.briefing, self.notebook, self.cell = briefing, notebook, cell
        self.exception, self.executed_path = exception, executed_path
        where = f"cell {cell}" if cell is not None else "before any cell ran"
        text = f"briefing {briefing!r}: notebook {notebook} failed at {where}: {exception}"
        if executed_path:
            text += f"\n  the executed notebook is kept for inspection: {executed_path}"
        text += "\n  the previous report (if any) was left in place"
        super().__init__(text)

    def __reduce__(self):
        return (type(self), (self.briefing, self.notebook, self.cell, self.exception,
                             self.executed_path))


class RenderError(ToolkitError):
    """A briefing could not be rendered into one of its formats.

    ``cause`` says what went wrong in words a user can act on: a missing system
    library, a template error, a folder that cannot be written.
    """

    def __init__(self, briefing: str, fmt: str, cause: str):
        self.briefing, self.format, self.cause = briefing, fmt, cause
        super().__init__(f"briefing {briefing!r}: cannot render {fmt.upper()}: {cause}; "
                         "the previous outputs were left in place")

    def __reduce__(self):
        return (type(self), (self.briefing, self.format, self.cause))
