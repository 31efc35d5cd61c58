"""Both languages are complete: every message has a Chinese translation."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        if block.startswith("#~"):
            continue  # obsolete
        yield block


def test_no_message_is_untranslated_or_fuzzy():
    missing = []
    for block in entries():
        msgid = re.search(r'^msgid "(.*)"', block, re.M).group(1)
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        empty = re.search(r'^msgstr(\[0\])? ""$(?!\n")', block, re.M)
        if fuzzy or empty:
            missing.append(msgid)
    assert missing == []


def test_the_compiled_catalogue_is_current():
    # A message that exists only in new code would fall back to English here.
    with translation.override("zh-hans"):
        assert translation.gettext("Shared pool") != "Shared pool"
        assert translation.gettext("Workbench") == "工作台"
