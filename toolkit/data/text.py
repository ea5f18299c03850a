"""Text hygiene of data values: no bidi controls, no value longer than its limit.

A right-to-left override (U+202E) in an entity name reversed the rest of a
finding in the HTML and PDF, footnote ``[30]`` included; a 100 kB title made one
table row 50,000 px tall. Names in Arabic or Hebrew script need no control
characters (the templates isolate data values), so these are refused outright.
Control characters (C0, DEL) are refused while the CSV is read
(``toolkit.core.csvfile``), anywhere in a file.

Length limits, in characters, whatever the resource:

- 2,000 for running text: fields named ``summary``, ``description``, ``note``,
  ``notes``, ``rationale``, ``aliases`` and ``verified_via``;
- 500 for every other field (titles, names, citations, URLs, ids).

The shipped data's longest values are about half of these (a measure summary of
997 characters; a title of 247, a legal citation of 300).
"""

from __future__ import annotations

import re

from toolkit.core.csvfile import escape, excerpt

BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
LONG_TEXT_FIELDS = frozenset({"summary", "description", "note", "notes", "rationale", "aliases",
                              "verified_via"})
LONG_TEXT_LIMIT = 2000
FIELD_LIMIT = 500
SHOWN = 60  # characters of an over-long value shown in its message


def length_limit(field: str) -> int:
    """The most characters a value of ``field`` may hold.

    >>> length_limit("summary"), length_limit("title")
    (2000, 500)
    """
    return LONG_TEXT_LIMIT if field in LONG_TEXT_FIELDS else FIELD_LIMIT


def text_problems(field: str, value: str) -> list[tuple[str, str]]:
    """What is wrong with ``value`` as text: (message, escaped excerpt) pairs, empty if nothing."""
    found = []
    limit = length_limit(field)
    if len(value) > limit:
        found.append((f"value is {len(value):,} characters long; the limit for {field} is "
                      f"{limit:,} (shorten it, or cite the source for the rest)",
                      excerpt(value, 0, SHOWN)))
    match = BIDI_CONTROL.search(value)
    if match:
        more = len(BIDI_CONTROL.findall(value)) - 1
        found.append((f"bidi control character {escape(match.group())}"
                      + (f" (and {more} more)" if more else "")
                      + " reorders the text shown around it; remove it: text in Arabic or Hebrew "
                      "script needs none", excerpt(value, match.start())))
    return found
