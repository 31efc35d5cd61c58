"""Both languages are complete: every message has a Chinese translation."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
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


def _messages(po: Path) -> set[tuple[str, str]]:
    """(context, msgid) of every live entry, multi-line ids joined."""
    found = set()
    for block in po.read_text(encoding="utf-8").split("\n\n")[1:]:
        if block.startswith("#~") or "\n#~ " in block:
            continue
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        parts: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr\S*) "(.*)"$', line)
            if match:
                key = match.group(1)
                parts[key] = match.group(2)
            elif key and line.startswith('"'):
                parts[key] += line[1:-1]
        if "msgid" in parts:
            found.add((parts.get("msgctxt", ""), parts["msgid"]))
    return found


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext")
def test_the_catalogue_holds_exactly_the_messages_of_the_code(tmp_path):
    # makemessages rewrites the catalogue it finds, so it runs on a copy.
    root = PO.parents[3]
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "tests", "static", "node_modules", "__pycache__"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-v", "0"],
        cwd=copy,
        check=True,
        # The test settings install the test-only apps, which are not copied.
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.development"},
    )
    fresh = _messages(copy / PO.relative_to(root))
    current = _messages(PO)
    assert fresh - current == set(), "run makemessages and translate these"
    assert current - fresh == set(), "these are no longer used: remove them"
