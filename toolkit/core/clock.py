"""The toolkit's clock: today and now, or the moment ``SOURCE_DATE_EPOCH`` names.

With ``SOURCE_DATE_EPOCH`` set, "latest" dates and build times are fixed, so identical
inputs give identical bytes (reproducible builds).
"""

from __future__ import annotations

import datetime as dt

from .config import source_date_epoch


def now() -> dt.datetime:
    """The current UTC time to the second, or ``SOURCE_DATE_EPOCH``'s."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    """Today's date (UTC), or ``SOURCE_DATE_EPOCH``'s."""
    return now().date()
