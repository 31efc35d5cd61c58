"""The report figures, each defined once: pure functions over plain rows.

No Django here. Loaders (`reports/loaders/`) aggregate in SQL and hand these
functions small lists of dataclass rows; the pages and the coaching analysis
read the same definitions.
"""
