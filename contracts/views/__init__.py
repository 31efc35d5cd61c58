"""Views, split by sub-domain."""
