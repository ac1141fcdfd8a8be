"""Invariants and small derived properties of the plan models."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import (
    NARRATIVE_MAX,
    Action,
    ExpectedOutcome,
    Plan,
    Target,
    TargetFigure,
    Theme,
    reference_sort_key,
)
from tests import factories

# --- natural ordering of references -------------------------------------------------------


def test_reference_sort_key_orders_references_naturally():
    references = ["2.1(b)", "1.10", "2.1(a)", "1.2"]
    assert sorted(references, key=reference_sort_key) == ["1.2", "1.10", "2.1(a)", "2.1(b)"]


def test_reference_sort_key_puts_10_after_9():
    assert sorted(["10", "9", "1"], key=reference_sort_key) == ["1", "9", "10"]


def test_reference_sort_key_puts_a_parent_before_its_children():
    assert sorted(["1.1.1", "1.1", "1.2"], key=reference_sort_key) == ["1.1", "1.1.1", "1.2"]


def test_reference_sort_key_ignores_letter_case():
    assert reference_sort_key("2.1(A)") == reference_sort_key("2.1(a)")


def test_reference_sort_key_fits_the_column():
    assert len(reference_sort_key("1." * 40 + "1")) <= Action._meta.get_field("sort_key").max_length


def test_actions_are_listed_in_natural_reference_order(world):
    theme = world.action.theme
    for reference in ["1.10", "2.1(b)", "1.2", "2.1(a)"]:
        factories.ActionFactory(plan=world.plan, theme=theme, reference=reference)
    assert [a.reference for a in world.plan.actions.all()] == ["1.1", "1.2", "1.10", "2.1(a)", "2.1(b)"]


def test_themes_are_listed_in_natural_number_order(world):
    for number in ["10", "2"]:
        factories.ThemeFactory(plan=world.plan, number=number)
    assert [t.number for t in world.plan.themes.all()] == ["1", "2", "10"]


def test_sort_key_follows_a_changed_reference(world):
    world.action.reference = "3.1"
    world.action.save()
    assert world.action.sort_key == reference_sort_key("3.1")


# --- uniqueness ---------------------------------------------------------------------------


def test_action_reference_is_unique_within_a_plan(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(plan=world.plan, theme=world.action.theme, reference="1.1", title="Again")


def test_action_reference_may_repeat_across_plans(world):
    theme = world.other_plan.themes.get()
    Action.objects.create(plan=world.other_plan, theme=theme, reference="1.1", title="Same reference")
    assert Action.objects.filter(reference="1.1").count() == 2


def test_theme_number_is_unique_within_a_plan(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(plan=world.plan, number="1", title="Again")


def test_outcome_number_is_unique_within_an_action(world):
    ExpectedOutcome.objects.create(action=world.action, number=1, text="First")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpectedOutcome.objects.create(action=world.action, number=1, text="Again")


def test_outcome_number_zero_is_invalid(world):
    outcome = ExpectedOutcome(action=world.action, number=0, text="Zero")
    with pytest.raises(ValidationError) as error:
        outcome.full_clean()
    assert "number" in error.value.message_dict


def test_target_figure_is_one_per_target_per_update(world):
    target = factories.TargetFactory(row=world.row_a)
    update = factories.ProgressUpdateFactory(row=world.row_a)
    TargetFigure.objects.create(update=update, target=target, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFigure.objects.create(update=update, target=target, value=2)


# --- cross-plan and cross-partnership objects ---------------------------------------------


def test_action_rejects_a_theme_of_another_plan(world):
    action = Action(plan=world.plan, theme=world.other_plan.themes.get(), reference="5.1", title="Wrong")
    with pytest.raises(ValidationError) as error:
        action.clean()
    assert error.value.message_dict == {"theme": ["Choose a theme of this plan."]}


def test_action_rejects_a_theme_of_another_plan_of_the_same_partnership(world):
    sibling_plan = factories.PlanFactory(partnership=world.partnership)
    sibling_theme = factories.ThemeFactory(plan=sibling_plan)
    action = Action(plan=world.plan, theme=sibling_theme, reference="5.1", title="Wrong")
    with pytest.raises(ValidationError) as error:
        action.clean()
    assert set(error.value.message_dict) == {"theme"}


def test_action_accepts_a_theme_of_its_own_plan(world):
    action = Action(plan=world.plan, theme=world.action.theme, reference="5.1", title="Right")
    action.full_clean()


def test_action_rejects_an_override_from_another_partnerships_scale(world):
    action = world.action
    action.rag_override = world.other_partnership.rag_statuses.get(code="red")
    action.rag_override_reason = "Because"
    with pytest.raises(ValidationError) as error:
        action.clean()
    assert set(error.value.message_dict) == {"rag_override"}


def test_action_rejects_an_override_without_a_reason(world):
    action = world.action
    action.rag_override = world.rag("red")
    action.rag_override_reason = "   "
    with pytest.raises(ValidationError) as error:
        action.clean()
    assert error.value.message_dict == {"rag_override_reason": ["Say why the RAG is overridden."]}


def test_theme_rejects_a_lead_agency_of_another_partnership(world):
    foreign = factories.OrganisationFactory(partnership=world.other_partnership)
    theme = Theme(plan=world.plan, number="9", title="Wrong", lead_agency=foreign)
    with pytest.raises(ValidationError) as error:
        theme.clean()
    assert error.value.message_dict == {"lead_agency": ["Choose an organisation of this partnership."]}


def test_theme_accepts_a_lead_agency_of_its_partnership(world):
    Theme(plan=world.plan, number="9", title="Right", lead_agency=world.police).full_clean()


def test_theme_rejects_an_override_from_another_partnerships_scale(world):
    theme = Theme(
        plan=world.plan,
        number="9",
        title="Wrong",
        rag_override=world.other_partnership.rag_statuses.get(code="green"),
        rag_override_reason="Because",
    )
    with pytest.raises(ValidationError) as error:
        theme.clean()
    assert set(error.value.message_dict) == {"rag_override"}


def test_plan_rejects_an_override_from_another_partnerships_scale(world):
    plan = world.plan
    plan.rag_override = world.other_partnership.rag_statuses.get(code="green")
    plan.rag_override_reason = "Because"
    with pytest.raises(ValidationError) as error:
        plan.clean()
    assert set(error.value.message_dict) == {"rag_override"}


def test_outcome_rejects_a_status_of_another_partnership(world):
    outcome = ExpectedOutcome(
        action=world.action, number=1, text="x", status=world.other_partnership.rag_statuses.get(code="red")
    )
    with pytest.raises(ValidationError) as error:
        outcome.clean()
    assert set(error.value.message_dict) == {"status"}


def test_progress_update_rejects_a_rag_of_another_partnership(world):
    update = factories.ProgressUpdateFactory.build(
        row=world.row_a, rag=world.other_partnership.rag_statuses.get(code="red")
    )
    with pytest.raises(ValidationError) as error:
        update.clean()
    assert set(error.value.message_dict) == {"rag"}


# --- plans --------------------------------------------------------------------------------


def test_plan_must_end_after_it_starts(world):
    plan = Plan(
        partnership=world.partnership,
        title="Backwards",
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2025, 3, 31),
    )
    with pytest.raises(ValidationError) as error:
        plan.clean()
    assert error.value.message_dict == {"end_date": ["The plan must end after it starts."]}


def test_plan_may_not_end_on_the_day_it_starts(world):
    day = datetime.date(2025, 4, 1)
    plan = Plan(partnership=world.partnership, title="One day", start_date=day, end_date=day)
    with pytest.raises(ValidationError):
        plan.clean()


def test_plan_period_label_reads_as_dates(world):
    assert world.plan.period_label == "1 April 2025 to 31 March 2026"


# --- targets ------------------------------------------------------------------------------


def test_numeric_target_needs_a_target_value(world):
    target = Target(row=world.row_a, description="Cases", kind=Target.Kind.NUMERIC)
    with pytest.raises(ValidationError) as error:
        target.clean()
    assert error.value.message_dict == {"target_value": ["A numeric target needs a target value."]}


def test_text_target_needs_no_target_value(world):
    Target(row=world.row_a, description="Deliver training", kind=Target.Kind.TEXT).full_clean()


def test_baseline_needs_its_period(world):
    target = Target(
        row=world.row_a, description="Cases", kind=Target.Kind.NUMERIC, target_value=10, baseline=5
    )
    with pytest.raises(ValidationError) as error:
        target.clean()
    assert error.value.message_dict == {"baseline_period": ["Say which period the baseline is from."]}


def test_baseline_with_its_period_is_valid(world):
    Target(
        row=world.row_a,
        description="Cases",
        kind=Target.Kind.NUMERIC,
        target_value=10,
        baseline=5,
        baseline_period="2013/14",
    ).full_clean()


@pytest.mark.parametrize(
    ("value", "met"), [(Decimal("84.99"), False), (Decimal("85"), True), (Decimal("90"), True)]
)
def test_higher_is_better_target_is_met_at_or_above_the_value(value, met):
    target = Target(kind=Target.Kind.NUMERIC, target_value=Decimal("85"), direction=Target.Direction.HIGHER)
    assert target.is_met(value) is met


@pytest.mark.parametrize(
    ("value", "met"), [(Decimal("9"), True), (Decimal("10"), True), (Decimal("10.01"), False)]
)
def test_lower_is_better_target_is_met_at_or_below_the_value(value, met):
    target = Target(kind=Target.Kind.NUMERIC, target_value=Decimal("10"), direction=Target.Direction.LOWER)
    assert target.is_met(value) is met


def test_target_without_a_value_cannot_be_met():
    with pytest.raises(ValueError):
        Target(kind=Target.Kind.TEXT).is_met(Decimal("1"))


def test_figure_against_a_text_target_is_neither_met_nor_unmet(world):
    target = factories.TargetFactory(row=world.row_a, kind=Target.Kind.TEXT, target_value=None)
    figure = TargetFigure(target=target, value=Decimal("3"))
    assert figure.met is None


def test_figure_against_a_lower_is_better_target(world):
    target = factories.TargetFactory(row=world.row_a, target_value=10, direction=Target.Direction.LOWER)
    assert (TargetFigure(target=target, value=12).met, TargetFigure(target=target, value=8).met) == (
        False,
        True,
    )


# --- progress updates ---------------------------------------------------------------------


def test_narrative_of_10000_characters_is_accepted(world):
    update = factories.ProgressUpdateFactory.build(row=world.row_a, narrative="x" * NARRATIVE_MAX)
    update.full_clean()


def test_narrative_over_10000_characters_is_rejected(world):
    update = factories.ProgressUpdateFactory.build(row=world.row_a, narrative="x" * (NARRATIVE_MAX + 1))
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert set(error.value.message_dict) == {"narrative"}


def test_narrative_limit_is_ten_thousand():
    assert NARRATIVE_MAX == 10_000


@pytest.mark.parametrize("field", ["risk", "rag_reason"])
def test_other_long_texts_of_an_update_are_limited_too(world, field):
    update = factories.ProgressUpdateFactory.build(row=world.row_a, **{field: "x" * (NARRATIVE_MAX + 1)})
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert set(error.value.message_dict) == {field}


def test_update_period_label_names_quarter_and_year(world):
    update = factories.ProgressUpdateFactory.build(row=world.row_a, period_year=2021, period_quarter=4)
    assert update.period(4).label == "Q4 2021/22"


@pytest.mark.parametrize("quarter", [0, 5])
def test_update_quarter_must_be_1_to_4(world, quarter):
    update = factories.ProgressUpdateFactory.build(row=world.row_a, period_quarter=quarter)
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "period_quarter" in error.value.message_dict


# --- derived properties -------------------------------------------------------------------


def test_row_current_rag_is_its_current_updates_rag(world):
    update = factories.ProgressUpdateFactory(row=world.row_a, rag=world.rag("amber"))
    world.row_a.current_update = update
    assert world.row_a.current_rag == world.rag("amber")


def test_row_without_a_current_update_has_no_rag(world):
    assert world.row_a.current_rag is None


def test_row_lead_display_lists_people_then_organisations(world):
    world.row_b.lead_organisations.add(world.police)
    assert world.row_b.lead_display == "Sam Second, POL"


def test_action_due_display_prefers_the_words_as_written(world):
    action = Action(due_date=datetime.date(2026, 3, 31), due_text="End of year")
    assert action.due_display == "End of year"


def test_action_due_display_formats_the_date(world):
    assert Action(due_date=datetime.date(2026, 3, 1)).due_display == "1 March 2026"


def test_action_due_display_is_empty_when_unset():
    assert Action().due_display == ""


def test_theme_indicator_lines_skip_blank_lines():
    theme = Theme(indicators="Repeat victims\n\n  Hospital admissions  \n")
    assert theme.indicator_lines == ["Repeat victims", "Hospital admissions"]


def test_action_partnership_is_its_plans(world):
    assert world.action.partnership_id == world.partnership.pk


def test_negative_budget_is_invalid(world):
    world.action.budget = Decimal("-0.01")
    with pytest.raises(ValidationError) as error:
        world.action.full_clean()
    assert set(error.value.message_dict) == {"budget"}


# --- history ------------------------------------------------------------------------------


def test_changing_an_action_keeps_its_history(world):
    world.action.title = "Support victims and families"
    world.action.save()
    assert [h.title for h in world.action.history.order_by("history_date")] == [
        "Support victims",
        "Support victims and families",
    ]


def test_changing_row_leads_is_recorded_in_history(world):
    before = world.row_a.history.count()
    world.row_a.lead_people.add(world.lead2_person)
    assert world.row_a.history.count() > before
