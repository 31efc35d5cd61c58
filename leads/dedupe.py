"""Normalizing names, phones and e-mails so that duplicates can be found."""

import re
import unicodedata

from users.text_cleaning import clean_text

_NOISE = re.compile(r"[\s\-_.,，。·()（）\[\]【】]+")


def normalize_company_name(name: str) -> str:
    """Fold width, case, spaces and punctuation: '华为 (深圳)' == '华为（深圳）'.

    Invisible characters (zero-width space, soft hyphen…) go first, so a name
    that only looks the same is the same.
    """
    folded = unicodedata.normalize("NFKC", clean_text(name or "")).casefold()
    return _NOISE.sub("", clean_text(folded))


def normalize_phone(phone: str) -> str:
    """Digits only, without a leading +86 / 0086 country code."""
    digits = re.sub(r"\D", "", phone or "")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 11:
            return digits[len(prefix) :]
    return digits


# What someone types when searching by phone: digits and the usual separators.
_PHONE_LIKE = re.compile(r"\+?[\d\s\-.()（）]+")
PHONE_SEARCH_MIN_DIGITS = 4


def phone_search_key(text: str) -> str:
    """The digits to look for among normalized phones, or "" if `text` is no phone.

    '139 1234 5678' and '+86 139-1234-5678' both give '13912345678'.
    """
    text = (text or "").strip()
    if not _PHONE_LIKE.fullmatch(text):
        return ""
    digits = normalize_phone(text)
    return digits if len(digits) >= PHONE_SEARCH_MIN_DIGITS else ""


def normalize_email(email: str) -> str:
    return (email or "").strip().casefold()
