from hypothesis import given
from hypothesis import strategies as st

from customers.credit_code import ALPHABET, check_character, credit_code_error

# Codes of real, registered companies.
VALID = [
    "91350100M000100Y43",
    "914403001922038216",
    "91440300708461136T",
    "91110108551385082Q",
]


def test_known_codes_are_valid():
    for code in VALID:
        assert credit_code_error(code) is None, code


def test_wrong_length_is_named():
    assert credit_code_error("9111000080210043") == "length"


def test_forbidden_letters_are_named():
    assert credit_code_error("91110000802100433I") == "character"
    assert credit_code_error("91110000802100433b") == "character"


def test_a_changed_check_digit_is_named():
    assert credit_code_error("91110000802100433C") == "check digit"


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_every_body_has_exactly_one_valid_check_character(body):
    valid = [ch for ch in ALPHABET if credit_code_error(body + ch) is None]
    assert valid == [check_character(body)]
