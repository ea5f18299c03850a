"""Build briefings: plan, cache keys, execute notebooks, publish outputs.

>>> from toolkit.build import Options, build
>>> build(Options(names=["state-of-play"], formats=["html"]))   # doctest: +SKIP
"""

from toolkit.build.run import FORMATS, BuildInterrupted, Options, build

__all__ = ["FORMATS", "BuildInterrupted", "Options", "build"]
