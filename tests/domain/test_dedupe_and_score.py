from datetime import UTC, datetime, timedelta

from leads.dedupe import (
    normalize_company_name,
    normalize_email,
    normalize_phone,
    phone_search_key,
)
from leads.scoring import LeadFacts, lead_score

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
ALL = frozenset(
    {"company_name", "contact_name", "phone", "email", "industry", "region"}
)


def test_company_names_fold_width_spaces_and_punctuation():
    assert normalize_company_name("上海 华东 科技有限公司") == "上海华东科技有限公司"
    assert normalize_company_name("华为技术（深圳）") == normalize_company_name(
        "华为技术 (深圳)"
    )
    assert normalize_company_name("ACME Co., Ltd.") == "acmecoltd"


def test_phones_drop_formatting_and_country_code():
    assert normalize_phone("+86 139-1234-5678") == "13912345678"
    assert normalize_phone("0086 13912345678") == "13912345678"
    assert normalize_phone("021-6123 4567") == "02161234567"


def test_searching_by_phone_looks_for_its_digits_only_when_it_is_a_phone():
    assert phone_search_key("139 1234 5678") == "13912345678"
    assert phone_search_key(" +86 (139) 1234-5678 ") == "13912345678"
    assert phone_search_key("1234") == "1234"
    assert phone_search_key("139") == "", "too short: would match most phones"
    assert phone_search_key("Acme 2024") == ""
    assert phone_search_key("") == ""


def test_emails_fold_case():
    assert normalize_email("  Li.Na@Example.CN ") == "li.na@example.cn"


def test_complete_referral_contacted_this_week_scores_full_marks():
    facts = LeadFacts(ALL, "referral", NOW - timedelta(days=2))
    assert lead_score(facts, NOW) == 100


def test_bare_cold_call_never_contacted_scores_low():
    facts = LeadFacts(frozenset({"company_name"}), "cold_call", None)
    assert lead_score(facts, NOW) == 12


def test_score_decays_as_the_last_contact_ages():
    scores = [
        lead_score(LeadFacts(ALL, "website", NOW - timedelta(days=days)), NOW)
        for days in (1, 20, 60, 200)
    ]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]
