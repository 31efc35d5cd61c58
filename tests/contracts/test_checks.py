"""A contract number pattern that cannot number contracts stops the start-up."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_the_default_pattern_passes():
    call_command("check")


@pytest.mark.parametrize("pattern", ["HT-{year}", "HT-{year}-{seq:04d}-{team}"])
def test_a_pattern_that_cannot_number_contracts_is_reported(settings, pattern):
    settings.CONTRACT_NUMBER_PATTERN = pattern
    with pytest.raises(SystemCheckError, match=r"contracts\.E001"):
        call_command("check")
