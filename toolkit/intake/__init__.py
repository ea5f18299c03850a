"""Intake: official feeds brought to the curator as review queues, never straight into the data.

``federal_register`` (BIS documents from the Federal Register API, or a saved search), ``listings``
(a fresh OpenSanctions export against the curated listings), ``queue`` (the CSV a person reviews),
``accept`` (accepted rows become measures flagged for review in ``data/review.csv``).
"""
