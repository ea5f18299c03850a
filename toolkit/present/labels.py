"""Words for codes: dimension labels and phrases, jurisdiction names in a sentence, lists."""

from __future__ import annotations

#: Names that take "the" in running text.
_WITH_ARTICLE = ("United States", "Netherlands", "European Union", "United Kingdom")


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


def join_words(items: list[str]) -> str:
    """``["a", "b", "c"]`` → ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
