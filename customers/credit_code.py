"""The unified social credit code (统一社会信用代码, GB 32100-2015)."""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must be in ALPHABET)."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_error(code: str) -> str | None:
    """Why `code` is not a valid credit code, or None when it is.

    The answer is one of "length", "character" or "check digit".
    """
    if len(code) != 18:
        return "length"
    if any(ch not in ALPHABET for ch in code):
        return "character"
    if check_character(code[:17]) != code[17]:
        return "check digit"
    return None
