"""Data releases: what changed between two states of the data package, the release itself
(version, date, changelog entry, machine-readable release notes) and the Atom change feeds.

>>> from toolkit.releases.diff import diff_packages
>>> diff_packages("HEAD~3", "data").to_text()          # doctest: +SKIP
"""
