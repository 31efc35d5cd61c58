"""The one text-cleaning rule: composed, nothing invisible, trimmed."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from leads.dedupe import normalize_company_name
from users.text_cleaning import clean_text, is_clean

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066"


def test_zero_width_soft_hyphen_and_bidi_overrides_are_removed():
    assert clean_text(f"Sie{INVISIBLE}mens") == "Siemens"


def test_control_characters_are_removed_and_text_is_trimmed():
    assert clean_text(' \x01=HYPERLINK("x")\x7f\x9b ') == '=HYPERLINK("x")'


def test_multi_line_text_keeps_tabs_and_line_breaks():
    assert clean_text("a\r\nb\tc\rd\x0b", multiline=True) == "a\nb\tc\nd"
    assert clean_text("a\nb\tc") == "abc"


def test_text_is_composed():
    assert clean_text("e\u0301") == "\u00e9"


@given(st.text())
def test_cleaned_text_has_no_control_or_format_character(text):
    cleaned = clean_text(text)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in cleaned)
    assert cleaned == cleaned.strip()
    assert is_clean(cleaned)


@given(st.text(), st.text(alphabet=INVISIBLE, min_size=1))
def test_a_name_with_invisible_characters_normalizes_like_the_name(name, hidden):
    middle = len(name) // 2
    assert normalize_company_name(
        name[:middle] + hidden + name[middle:]
    ) == normalize_company_name(name)
