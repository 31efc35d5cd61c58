"""Reading a part of a page's HTML in tests."""


def html_from(body: str, start: str, end: str) -> str:
    """The part of `body` from `start` up to the first `end` after it (a
    row: from its id to its closing tag)."""
    begin = body.index(start)
    return body[begin : body.index(end, begin)]
