"""Thin loaders: aggregate a report's rows in SQL, starting from `visible_to`."""
