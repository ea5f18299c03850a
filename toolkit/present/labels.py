"""Words for codes: dimension labels and phrases, jurisdiction names in a sentence, lists,
names short enough for an axis, and numbers as tables and charts both print them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from toolkit.core.dates import is_missing

#: Names that take "the" in running text.
_WITH_ARTICLE = ("United States", "Netherlands", "European Union", "United Kingdom")
#: Characters a shortened name should not end on before its ellipsis.
_DANGLING = " ,;:/-–—(&"
ELLIPSIS = "…"
MISSING = "—"


def dimension_label(name: str) -> str:
    """``equipment_servicing`` → ``Equipment servicing``."""
    return name.replace("_", " ").capitalize().replace("Euv", "EUV").replace("Duv", "DUV")


def dimension_phrase(name: str) -> str:
    """``euv_lithography`` → ``EUV lithography``, ``persons_support`` → ``persons support``."""
    label = dimension_label(name)
    first, _, rest = label.partition(" ")
    return (first if first.isupper() else first.lower()) + (" " + rest if rest else "")


def jurisdiction_name(code: str, names: dict[str, str] | None = None) -> str:
    """A jurisdiction as running text names it: ``the United States``, ``Japan``."""
    name = (names or {}).get(code, code)
    return "the " + name if name in _WITH_ARTICLE else name


def join_words(items: list[str], limit: int | None = None, others: str = "others") -> str:
    """``["a", "b", "c"]`` → ``a, b and c``; beyond ``limit`` items, ``a, b and 7 others``."""
    items = list(items)
    if limit is not None and len(items) > limit:
        return ", ".join(items[:limit]) + f" and {number(len(items) - limit)} {others}"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def short_name(text: str, limit: int = 40) -> str:
    """``text`` in at most ``limit`` characters, cut at a word boundary and ending in "…".

    Words are kept whole; an opening parenthesis left without its closing one, an
    abbreviation left at the end ("Co.", "Ltd."), and commas or dashes, go too. Only a
    first word longer than the limit is cut inside (nothing else would fit).

    >>> short_name("Moore Threads Intelligent Technology (Beijing) Co., Ltd.", 42)
    'Moore Threads Intelligent Technology…'
    """
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    words: list[str] = []
    for word in text.split(" "):
        if len(" ".join([*words, word])) > limit - 1:
            break
        words.append(word)
    while words and words[-1].count("(") > words[-1].count(")"):
        words.pop()
    # "Inc.…" or "Co., Ltd.…" says nothing the ellipsis does not: end on a word that names.
    while len(words) > 1 and len(words[-1].rstrip(",;:")) <= 5 and words[-1].rstrip(",;:").endswith("."):
        words.pop()
    kept = " ".join(words).rstrip(_DANGLING)
    if not kept:
        return text[:limit - 1].rstrip(_DANGLING) + ELLIPSIS
    return kept + ELLIPSIS


def number(value: Any) -> str:
    """A count or measurement as tables and charts print it.

    Whole numbers without decimals (``34.0`` → ``34``), others with at most two
    (``0.125`` → ``0.12``, ``2.5`` → ``2.5``), thousands grouped (``1,064``), as
    Vega's axes group them; tiny non-zero values keep two significant digits
    (``0.0012``) rather than printing as zero. Missing values are "—".
    """
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return str(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x.is_integer():
        return f"{int(x):,}"
    if abs(x) < 0.005:
        return f"{x:.2g}"
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(share: Any, digits: int = 0) -> str:
    """A share from 0 to 1 as a percentage: ``0.5`` → ``50%``; missing → "—".

    The one format for shares (the alignment score) in tables, chart labels and
    tooltips, so the same value never reads 0.50 in one place and 50% in another.
    """
    if is_missing(share) or isinstance(share, bool):
        return MISSING
    try:
        x = float(share)
    except (TypeError, ValueError):
        return MISSING
    return f"{x * 100:.{digits}f}%"


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def scenario_phrase(change: str, names: Mapping[str, str] | None = None, reference: str = "US",
                    reference_levels: Mapping[str, str] | None = None) -> str:
    """A scenario change in words, to follow "if" or stand as a clause.

    ``change`` has the syntax of ``toolkit.analysis.compare.parse_changes``:
    ``"JP,NL,KR:equipment_servicing"`` (the level omitted: the reference's on the
    date) or ``"…=limited"``. ``names`` maps codes to names (``schema.jurisdictions``;
    the shipped package's when omitted). ``reference_levels`` maps dimensions to the
    reference's level on the date (a dict, or a Series indexed by dimension); without it
    an omitted level reads "match the reference's controls".

    >>> scenario_phrase("JP,NL,KR:equipment_servicing", reference_levels={"equipment_servicing": "broad"})
    'Japan, the Netherlands and South Korea adopt broad controls on equipment servicing'
    >>> scenario_phrase("JP:persons_support=limited")
    'Japan adopts limited controls on persons support'
    """
    from toolkit.analysis.compare import parse_changes
    if names is None:
        from toolkit.data.schema import default_schema
        names = default_schema().jurisdictions
    names = dict(names)
    parsed = parse_changes(change)
    if not parsed:
        return "no change"
    dimension, level = parsed[0].dimension, parsed[0].level
    who = join_words([jurisdiction_name(c.jurisdiction, names) for c in parsed])
    one = len(parsed) == 1
    levels = dict(reference_levels) if reference_levels is not None else {}  # a Series will do
    if level == "reference" and dimension in levels:
        level = str(levels[dimension])
    what = dimension_phrase(dimension)
    if level == "reference":
        verb = "matches" if one else "match"
        return f"{who} {verb} {_possessive(jurisdiction_name(reference, names))} controls on {what}"
    if level == "none":
        verb, own = ("lifts", "its") if one else ("lift", "their")
        return f"{who} {verb} {own} controls on {what}"
    verb = "adopts" if one else "adopt"
    return f"{who} {verb} {level} controls on {what}"
