"""Chart specifications as plain data for `static/js/charts.js` (via json_script).

Numbers go out as floats (JSON has no decimals); a point with a link opens
the list of the deals behind it.
"""

from collections.abc import Sequence
from decimal import Decimal


def point(value, link: str = "") -> dict:
    return {"value": number(value), "link": link} if link else {"value": number(value)}


def number(value) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def series(
    name,
    values: Sequence,
    *,
    links: Sequence[str] = (),
    kind: str = "bar",
    unit: str = "money",
    axis: int = 0,
    stack: str | None = None,
) -> dict:
    links = list(links) or [""] * len(values)
    spec = {
        "name": str(name),
        "type": kind,
        "unit": unit,
        "axis": axis,
        "data": [point(v, link) for v, link in zip(values, links, strict=True)],
    }
    if stack:
        spec["stack"] = stack
    return spec


def bars(categories: Sequence, *all_series: dict, horizontal: bool = False) -> dict:
    return {
        "kind": "bars",
        "categories": [str(c) for c in categories],
        "series": list(all_series),
        "horizontal": horizontal,
    }


def funnel(items: Sequence[tuple[str, int, object, str]]) -> dict:
    """(name, count, amount, link) per stage."""
    return {
        "kind": "funnel",
        "items": [
            {"name": str(name), "value": count, "amount": number(amount), "link": link}
            for name, count, amount, link in items
        ],
    }


def heatmap(xs: Sequence, ys: Sequence, matrix: list[list[int]]) -> dict:
    return {
        "kind": "heatmap",
        "xs": [str(x) for x in xs],
        "ys": [str(y) for y in ys],
        "data": [[x, y, matrix[y][x]] for y in range(len(ys)) for x in range(len(xs))],
    }
