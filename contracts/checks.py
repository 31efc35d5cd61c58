"""Startup checks: a bad contract number pattern is found before anyone saves."""

from django.conf import settings
from django.core.checks import Error, register

from contracts import numbering


@register()
def number_pattern_check(app_configs, **kwargs) -> list[Error]:
    try:
        numbering.validate(settings.CONTRACT_NUMBER_PATTERN)
    except numbering.PatternError as error:
        return [
            Error(
                f"CONTRACT_NUMBER_PATTERN {settings.CONTRACT_NUMBER_PATTERN!r} "
                f"cannot number contracts: {error}.",
                hint="Use {year}, {month} (two digits) and {seq}, e.g. "
                "HT-{year}-{seq:04d}.",
                id="contracts.E001",
            )
        ]
    return []
