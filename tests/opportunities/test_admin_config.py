"""The funnel configuration in Django admin: stages with their criteria, the
determination mode and the competition table (docs/PRODUCT.md §3, §4).

Edits that would break the rules are refused with a message naming the problem
and save nothing; edits that move stored probabilities queue the bulk refresh.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from opportunities.models import (
    CompetitionFactor,
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    Opportunity,
    Stage,
)
from opportunities.services import opportunity_refresh_numbers
from opportunities.tasks import recompute_probabilities
from tests.factories import CompetitorFactory, OpportunityFactory
from tests.opportunities.admin_posts import (
    change_url,
    criteria_rows,
    delete_url,
    new_criteria,
    stage_by_order,
    stage_post,
)

RECOMPUTING = "Open deals’ stages and probabilities are being recomputed."

STAGE_ADD = reverse("admin:opportunities_stage_add")
STAGE_LIST = reverse("admin:opportunities_stage_changelist")
TABLE_LIST = reverse("admin:opportunities_competitionfactor_changelist")
TABLE_ADD = reverse("admin:opportunities_competitionfactor_add")
SETTINGS_LIST = reverse("admin:opportunities_funnelsettings_changelist")
SETTINGS_ADD = reverse("admin:opportunities_funnelsettings_add")


@pytest.fixture
def admin_client(client, adam):
    client.force_login(adam)
    return client


@pytest.fixture
def eager_recompute(monkeypatch):
    """Run the queued task in-process (the broker path has its own test)."""
    runs = []

    def delay(*args):
        runs.append(recompute_probabilities.apply(args).get())

    monkeypatch.setattr(recompute_probabilities, "delay", delay)
    return runs


def deal_in(stage: Stage, competitors: int = 0, **fields) -> Opportunity:
    deal = OpportunityFactory(stage=stage, amount=Decimal("100000"), **fields)
    deal.competitors.set(CompetitorFactory.create_batch(competitors))
    return opportunity_refresh_numbers(opportunity=deal)


def errors_of(response) -> str:
    return response.content.decode()


# Access -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mary", "alice"])
def test_configuration_is_closed_to_managers_and_salespeople(
    db, client, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    stage = stage_by_order(1)
    for url in [STAGE_LIST, change_url(stage), TABLE_LIST, SETTINGS_LIST]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    response = client.post(change_url(stage), stage_post(stage, percentage=15))
    assert response.status_code == 302
    assert stage_by_order(1).percentage == 10


def test_the_configuration_pages_render_for_the_admin(admin_client):
    stage = stage_by_order(3)
    row = CompetitionFactor.objects.get(competitors=0)
    for url in [
        STAGE_LIST,
        change_url(stage),
        STAGE_ADD,
        TABLE_LIST,
        change_url(row),
        TABLE_ADD,
        change_url(FunnelSettings.load()),
    ]:
        assert admin_client.get(url).status_code == 200, url
    page = admin_client.get(change_url(stage)).content.decode()
    assert "Evaluating vendors" in page
    assert "The buyer attended a demo or started a trial" in page


def test_the_stage_list_shows_percentages_and_criteria_counts(
    admin_client, django_assert_max_num_queries
):
    # Session, user, the page's rows with their counts: no query per stage.
    with django_assert_max_num_queries(8):
        response = admin_client.get(STAGE_LIST)
    page = response.content.decode()
    assert "Evaluating vendors" in page
    assert "50%" in page
    stages = list(response.context["cl"].result_list)
    assert [s.n_criteria for s in stages] == [3, 4, 4, 3, 3, 0, 0]


# Stage rules ----------------------------------------------------------------


def test_a_seventh_open_stage_is_refused(admin_client):
    sixth = Stage.objects.create(
        name_en="Contract drafted", name_zh="合同起草", order=6, percentage=95
    )
    JudgmentCriterion.objects.bulk_create(
        JudgmentCriterion(stage=sixth, order=i, text_en=f"F{i}", text_zh=f"F{i}")
        for i in range(3)
    )
    data = stage_post(
        name_en="Signing", name_zh="签约", order=7, percentage=97, criteria=[]
    )
    data.update(
        {
            f"criteria-{i}-{k}": v
            for i, c in enumerate(new_criteria(3))
            for k, v in c.items()
        }
    )
    data["criteria-TOTAL_FORMS"] = 3

    response = admin_client.post(STAGE_ADD, data)

    assert response.status_code == 200
    assert "At most 6 open stages are allowed; this change would make 7." in errors_of(
        response
    )
    assert not Stage.objects.filter(name_en="Signing").exists()


def test_a_sixth_open_stage_with_three_criteria_is_added(admin_client, eager_recompute):
    data = stage_post(
        name_en="Contract drafted",
        name_zh="合同起草",
        order=6,
        percentage=95,
        criteria=new_criteria(3),
    )

    response = admin_client.post(STAGE_ADD, data, follow=True)

    assert response.status_code == 200
    stage = Stage.objects.get(name_en="Contract drafted")
    assert stage.criteria.count() == 3
    # A new stage holds no deals yet: nothing to recompute.
    assert RECOMPUTING not in response.content.decode()
    assert eager_recompute == []


def test_a_falling_percentage_is_refused_naming_both_stages(admin_client):
    stage = stage_by_order(3)

    response = admin_client.post(change_url(stage), stage_post(stage, percentage=20))

    assert response.status_code == 200
    assert (
        "Percentages must rise with the order: “Evaluating vendors” (order 3) has "
        "20%, but “Requirements defined” (order 2) already has 25%."
    ) in errors_of(response)
    assert stage_by_order(3).percentage == 50


def test_an_open_stage_at_100_percent_is_refused(admin_client):
    stage = stage_by_order(5)

    response = admin_client.post(change_url(stage), stage_post(stage, percentage=100))

    assert "its percentage must be between 1% and 99% (it is 100%)" in errors_of(
        response
    )
    assert stage_by_order(5).percentage == 90


def test_two_criteria_are_refused(admin_client):
    stage = stage_by_order(1)
    rows = criteria_rows(stage)
    rows[0]["DELETE"] = "on"

    response = admin_client.post(change_url(stage), stage_post(stage, rows))

    assert response.status_code == 200
    assert (
        "An open stage needs at least 3 judgment criteria; “Need recognized” has 2."
    ) in errors_of(response)
    assert stage.criteria.count() == 3


def test_six_criteria_are_refused(admin_client):
    stage = stage_by_order(2)
    rows = criteria_rows(stage) + new_criteria(2, start=10)

    response = admin_client.post(change_url(stage), stage_post(stage, rows))

    assert response.status_code == 200
    assert (
        "An open stage has at most 5 judgment criteria; “Requirements defined” has 6."
    ) in errors_of(response)
    assert stage.criteria.count() == 4


def test_turning_won_into_an_open_stage_is_refused(admin_client):
    won = Stage.objects.get(kind="won")

    response = admin_client.post(
        change_url(won),
        stage_post(won, percentage=95, kind="open", criteria=new_criteria(3)),
    )

    assert "There must be a Won stage (kind “Won”, 100%)." in errors_of(response)
    assert Stage.objects.get(pk=won.pk).kind == "won"


def test_the_admin_ticks_which_stages_need_a_decision_maker(admin_client):
    stage = stage_by_order(3)
    assert not stage.needs_decision_maker

    response = admin_client.post(
        change_url(stage), stage_post(stage, needs_decision_maker="on")
    )

    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.needs_decision_maker
    form = admin_client.get(change_url(stage)).content.decode()
    assert "a deal without one is flagged and counts against hygiene" in form


def test_a_won_stage_cannot_need_a_decision_maker(admin_client):
    won = Stage.objects.get(kind="won")

    response = admin_client.post(
        change_url(won), stage_post(won, needs_decision_maker="on")
    )

    assert "Only an open stage can need a decision maker." in errors_of(response)
    assert not Stage.objects.get(pk=won.pk).needs_decision_maker


def test_won_below_100_percent_is_refused(admin_client):
    won = Stage.objects.get(kind="won")

    response = admin_client.post(change_url(won), stage_post(won, percentage=90))

    assert "The Won stage “Won” must have 100% (it has 90%)." in errors_of(response)
    assert Stage.objects.get(pk=won.pk).percentage == 100


def test_lost_before_an_open_stage_is_refused(admin_client):
    lost = Stage.objects.get(kind="lost")

    response = admin_client.post(change_url(lost), stage_post(lost, order=4))

    # The order is taken too; both messages are shown.
    assert "must come after every open stage" in errors_of(response)
    assert Stage.objects.get(pk=lost.pk).order == 99


def test_a_valid_edit_saves_without_recomputing(admin_client, eager_recompute):
    stage = stage_by_order(3)
    rows = criteria_rows(stage)
    rows[0]["order"], rows[1]["order"] = 9, 0  # reorder the first two
    rows[2]["text_en"] = "The buyer shared a shortlist"

    response = admin_client.post(
        change_url(stage),
        stage_post(stage, rows, name_en="Comparing vendors", key_persons_en="CTO"),
        follow=True,
    )

    assert response.status_code == 200
    stage.refresh_from_db()
    assert stage.name_en == "Comparing vendors"
    assert stage.key_persons_en == "CTO"
    texts = [c.text_en for c in stage.criteria.order_by("order", "id")]
    assert texts[0] == "We received the evaluation criteria or an RFP"
    assert texts[-1] == "The buyer attended a demo or started a trial"
    assert "The buyer shared a shortlist" in texts
    assert RECOMPUTING not in response.content.decode()
    assert eager_recompute == []


def test_changing_a_percentage_recomputes_every_open_deal(
    admin_client, eager_recompute, django_capture_on_commit_callbacks
):
    stage = stage_by_order(3)
    alone = deal_in(stage)
    contested = deal_in(stage, competitors=1)
    elsewhere = deal_in(stage_by_order(2))
    won = deal_in(stage)
    Opportunity.objects.filter(pk=won.pk).update(
        status="won",
        win_probability=1,
        weighted_amount=100000,
        closed_at=timezone.now(),
    )
    assert alone.win_probability == Decimal("0.4")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            change_url(stage), stage_post(stage, percentage=60), follow=True
        )

    assert RECOMPUTING in response.content.decode()
    assert len(eager_recompute) == 1
    alone.refresh_from_db()
    contested.refresh_from_db()
    assert (alone.win_probability, alone.weighted_amount) == (
        Decimal("0.48"),
        Decimal("48000.00"),
    )
    assert contested.win_probability == Decimal("0.3")
    assert Opportunity.objects.get(pk=elsewhere.pk).win_probability == Decimal("0.2")
    assert Opportunity.objects.get(pk=won.pk).win_probability == Decimal(1)


def test_changing_the_kind_of_a_stage_deals_use_is_refused(admin_client):
    stage = stage_by_order(5)
    deal_in(stage)

    response = admin_client.post(
        change_url(stage), stage_post(stage, kind="lost", percentage=0)
    )

    assert "so its kind cannot change" in errors_of(response)
    assert stage_by_order(5).kind == "open"


# Deleting stages ----------------------------------------------------------


def test_deleting_a_stage_deals_use_shows_a_message_instead(admin_client):
    stage = stage_by_order(4)
    deal_in(stage)

    for method in (admin_client.get, admin_client.post):
        response = method(delete_url(stage), {"post": "yes"}, follow=True)
        assert response.status_code == 200
        assert "“Preferred vendor” cannot be deleted: deals are in this stage" in (
            response.content.decode()
        )
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_deleting_the_won_stage_is_refused(admin_client):
    won = Stage.objects.get(kind="won")

    response = admin_client.post(delete_url(won), {"post": "yes"}, follow=True)

    assert "There must be a Won stage" in response.content.decode()
    assert Stage.objects.filter(pk=won.pk).exists()


def test_deleting_below_one_open_stage_is_refused(admin_client):
    Stage.objects.filter(kind="open", order__gt=1).delete()
    only = stage_by_order(1)

    response = admin_client.post(delete_url(only), {"post": "yes"}, follow=True)

    assert "At least one open stage is needed." in response.content.decode()
    assert Stage.objects.filter(pk=only.pk).exists()


def test_an_unused_stage_can_be_deleted(admin_client):
    stage = stage_by_order(4)

    assert admin_client.get(delete_url(stage)).status_code == 200
    response = admin_client.post(delete_url(stage), {"post": "yes"})

    assert response.status_code == 302
    assert not Stage.objects.filter(pk=stage.pk).exists()


def test_the_stage_list_offers_no_bulk_delete(admin_client):
    response = admin_client.get(STAGE_LIST)
    assert "delete_selected" not in response.content.decode()


# Funnel settings ----------------------------------------------------------


def test_the_settings_list_opens_the_one_row(admin_client):
    response = admin_client.get(SETTINGS_LIST)
    assert response.status_code == 302
    assert response.url == change_url(FunnelSettings.load())


def test_there_is_no_second_settings_row_and_no_delete(admin_client):
    row = FunnelSettings.load()
    assert admin_client.get(SETTINGS_ADD).status_code == 403
    assert admin_client.post(delete_url(row), {"post": "yes"}).status_code == 403
    assert FunnelSettings.objects.count() == 1


def test_the_admin_picks_the_determination_mode(admin_client):
    row = FunnelSettings.load()

    response = admin_client.post(
        change_url(row), {"mode": "B", "_save": "Save", "apply_mode_switch": "1"}
    )

    assert response.status_code == 302
    assert FunnelSettings.load().mode == DeterminationMode.CHECKLIST


def test_switching_to_the_checklist_places_hand_moved_deals_by_their_ticks(
    admin_client, adam, eager_recompute, django_capture_on_commit_callbacks
):
    moved_by_hand = deal_in(stage_by_order(4))  # nothing ticked

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            change_url(FunnelSettings.load()),
            {"mode": "B", "_save": "Save", "apply_mode_switch": "1"},
            follow=True,
        )

    assert RECOMPUTING in response.content.decode()
    moved_by_hand.refresh_from_db()
    assert moved_by_hand.stage == stage_by_order(1)
    assert moved_by_hand.win_probability == Decimal("0.08")  # 10% x 80%
    change = moved_by_hand.stage_changes.latest("id")
    assert (change.from_stage, change.cause, change.changed_by) == (
        stage_by_order(4),
        "configuration",
        adam,
    )


def test_a_criterion_added_to_the_checklist_moves_deals_in_mode_b(
    admin_client, alice, eager_recompute, django_capture_on_commit_callbacks
):
    FunnelSettings.objects.update(mode=DeterminationMode.CHECKLIST)
    first = stage_by_order(1)
    deal = deal_in(stage_by_order(2))
    for criterion in first.criteria.all():
        deal.met_criteria.create(criterion=criterion, met_by=alice)
    deal.met_criteria.create(
        criterion=stage_by_order(2).criteria.order_by("order").first(), met_by=alice
    )
    rows = criteria_rows(first)
    # New rows come after the existing ones; order 0 puts it first.
    rows.append({"order": 0, "text_en": "Budget named", "text_zh": "预算负责人已明确"})

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url(first), stage_post(first, rows))

    assert response.status_code == 302
    # The new first criterion is not ticked: the unbroken prefix is empty.
    deal.refresh_from_db()
    assert deal.stage == first
    assert len(eager_recompute) == 1


def test_in_mode_a_criteria_edits_leave_deals_where_they_are(
    admin_client, eager_recompute, django_capture_on_commit_callbacks
):
    stage = stage_by_order(1)
    deal = deal_in(stage_by_order(4))
    rows = criteria_rows(stage)[:-1]  # drop one of four
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change_url(stage), stage_post(stage, rows))
    deal.refresh_from_db()
    assert deal.stage == stage_by_order(4)
    assert eager_recompute == []


def test_deleting_a_competitor_recomputes_the_deals_it_was_on(
    admin_client, eager_recompute, django_capture_on_commit_callbacks
):
    deal = deal_in(stage_by_order(3), competitors=1)
    assert deal.win_probability == Decimal("0.25")
    competitor = deal.competitors.get()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:opportunities_competitor_delete", args=[competitor.pk]),
            {"post": "yes"},
        )

    deal.refresh_from_db()
    assert deal.win_probability == Decimal("0.4")


def test_a_broker_outage_does_not_lose_the_configuration_change(
    admin_client, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broker_down(*args):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(recompute_probabilities, "delay", broker_down)
    stage = stage_by_order(3)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            change_url(stage), stage_post(stage, percentage=60)
        )

    assert response.status_code == 302
    assert Stage.objects.get(pk=stage.pk).percentage == 60
    assert "Could not send opportunities.tasks.recompute_probabilities" in caplog.text


def test_deals_are_shown_not_moved_in_the_admin(admin_client, alice):
    deal = deal_in(stage_by_order(2))
    page = admin_client.get(change_url(deal)).content.decode()
    assert 'name="stage"' not in page and 'name="amount"' not in page
    assert (
        admin_client.get(reverse("admin:opportunities_opportunity_add")).status_code
        == 403
    )
    # An old version opens for reading; posting it back moves nothing.
    earlier = stage_by_order(1)
    revert = reverse(
        "admin:opportunities_opportunity_simple_history",
        args=[deal.pk, deal.history.earliest().history_id],
    )
    assert "Revert" not in admin_client.get(revert).content.decode()
    admin_client.post(revert, {"stage": earlier.pk, "name": deal.name})
    deal.refresh_from_db()
    assert deal.stage == stage_by_order(2)


# The competition table --------------------------------------------------------


def table_post(changes: dict[int, str]) -> dict:
    """POST data for the list page editing the factor column."""
    rows = list(CompetitionFactor.objects.order_by("competitors"))
    data = {
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": len(rows),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, row in enumerate(rows):
        data[f"form-{index}-id"] = row.pk
        data[f"form-{index}-factor"] = changes.get(row.competitors, row.factor)
    return data


def test_editing_the_table_in_the_list_recomputes_open_deals(
    admin_client, eager_recompute, django_capture_on_commit_callbacks
):
    stage = stage_by_order(3)
    alone = deal_in(stage)
    contested = deal_in(stage, competitors=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            TABLE_LIST, table_post({0: "0.9", 1: "0.6"}), follow=True
        )

    assert RECOMPUTING in response.content.decode()
    assert len(eager_recompute) == 1  # one refresh for both rows
    assert CompetitionFactor.objects.as_table() == {
        0: Decimal("0.9"),
        1: Decimal("0.6"),
    }
    alone.refresh_from_db()
    contested.refresh_from_db()
    assert alone.win_probability == Decimal("0.45")
    assert contested.win_probability == Decimal("0.3")


def test_a_factor_rising_with_more_competitors_is_refused_in_the_list(
    admin_client, eager_recompute
):
    response = admin_client.post(TABLE_LIST, table_post({1: "0.9"}))

    assert response.status_code == 200
    assert (
        "Factors must not rise with more competitors: with 1 the factor is 90%, "
        "more than 80% with 0."
    ) in response.content.decode()
    assert CompetitionFactor.objects.get(competitors=1).factor == Decimal("0.5")
    assert eager_recompute == []


def test_a_factor_below_the_fallback_is_refused(admin_client):
    row = CompetitionFactor.objects.get(competitors=1)

    response = admin_client.post(
        change_url(row), {"competitors": 1, "factor": "0.2", "_save": "Save"}
    )

    assert "get 1/(n+1) = 33.33%, more than 20% with 1" in response.content.decode()
    assert CompetitionFactor.objects.get(competitors=1).factor == Decimal("0.5")


def test_a_factor_above_1_is_refused(admin_client):
    response = admin_client.post(
        TABLE_ADD, {"competitors": 2, "factor": "1.5", "_save": "Save"}
    )
    assert response.status_code == 200
    assert not CompetitionFactor.objects.filter(competitors=2).exists()


def test_adding_a_row_recomputes(
    admin_client, eager_recompute, django_capture_on_commit_callbacks
):
    deal = deal_in(stage_by_order(3), competitors=2)
    assert deal.win_probability == Decimal("0.1667")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            TABLE_ADD, {"competitors": 2, "factor": "0.4", "_save": "Save"}, follow=True
        )

    assert RECOMPUTING in response.content.decode()
    deal.refresh_from_db()
    assert deal.win_probability == Decimal("0.2")


def test_deleting_a_row_recomputes(
    admin_client, eager_recompute, django_capture_on_commit_callbacks
):
    row = CompetitionFactor.objects.create(competitors=2, factor=Decimal("0.4"))
    deal = deal_in(stage_by_order(3), competitors=2)
    assert deal.win_probability == Decimal("0.2")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(delete_url(row), {"post": "yes"})

    assert not CompetitionFactor.objects.filter(pk=row.pk).exists()
    assert len(eager_recompute) == 1
    deal.refresh_from_db()
    assert deal.win_probability == Decimal("0.1667")  # 50% × 1/3


def test_deleting_a_row_that_would_make_factors_rise_is_refused(admin_client):
    CompetitionFactor.objects.filter(competitors=0).update(factor=Decimal("0.3"))
    CompetitionFactor.objects.filter(competitors=1).update(factor=Decimal("0.2"))
    CompetitionFactor.objects.create(competitors=2, factor=Decimal("0.1"))
    row = CompetitionFactor.objects.get(competitors=1)

    response = admin_client.post(delete_url(row), {"post": "yes"}, follow=True)

    assert "The row for 1 competitor cannot be deleted:" in response.content.decode()
    assert CompetitionFactor.objects.filter(pk=row.pk).exists()
