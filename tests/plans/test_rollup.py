"""Rolling RAG up from project rows to actions, themes and the plan."""

import pytest

from plans.rollup import action_rag, plan_rag, theme_rag, worst
from plans.selectors import plan_tree
from tests import factories


@pytest.fixture
def scale(db):
    """A partnership with the full scale: Red 40, Amber 30, Grey 25, Green 20, Blue 10."""
    partnership = factories.PartnershipFactory(with_blue=True, with_grey=True)
    return {s.code: s for s in partnership.rag_statuses.all()} | {"partnership": partnership}


def set_status(row, rag) -> None:
    update = factories.ProgressUpdateFactory(row=row, rag=rag)
    row.current_update = update
    row.save(update_fields=["current_update"])


@pytest.fixture
def plan(scale):
    return factories.PlanFactory(partnership=scale["partnership"])


def action_with_rows(plan, *statuses, theme=None, reference=None):
    theme = theme or factories.ThemeFactory(plan=plan)
    action = factories.ActionFactory(
        plan=plan, theme=theme, **({"reference": reference} if reference else {})
    )
    for status in statuses:
        row = factories.ProjectRowFactory(action=action)
        if status is not None:
            set_status(row, status)
    return action


def tree(plan):
    return plan_tree(plan)


# --- worst --------------------------------------------------------------------------------


def test_worst_status_wins(scale):
    assert worst([scale["green"], scale["red"], scale["amber"]]) == scale["red"]


def test_statuses_that_are_missing_are_ignored(scale):
    assert worst([None, scale["green"], None]) == scale["green"]


def test_all_missing_gives_no_status(scale):
    assert worst([None, None]) is None


def test_nothing_gives_no_status():
    assert worst([]) is None


def test_blue_complete_and_green_give_green(scale):
    assert worst([scale["blue"], scale["green"]]) == scale["green"]


def test_all_blue_gives_blue(scale):
    assert worst([scale["blue"], scale["blue"]]) == scale["blue"]


def test_grey_not_started_is_worse_than_green_but_better_than_amber(scale):
    assert (worst([scale["grey"], scale["green"]]), worst([scale["grey"], scale["amber"]])) == (
        scale["grey"],
        scale["amber"],
    )


def test_equal_severity_is_settled_by_the_first_position(scale):
    green = scale["green"]
    green.severity = scale["amber"].severity
    assert worst([green, scale["amber"]]) == scale["amber"]


# --- actions ------------------------------------------------------------------------------


def test_action_takes_the_worst_status_of_its_rows(plan, scale):
    action = action_with_rows(plan, scale["green"], scale["amber"], scale["green"])
    assert action_rag(action).status == scale["amber"]


def test_action_ignores_rows_without_an_update(plan, scale):
    action = action_with_rows(plan, None, scale["green"], None)
    assert action_rag(action).status == scale["green"]


def test_action_with_no_row_updates_has_no_status(plan, scale):
    action = action_with_rows(plan, None, None)
    assert action_rag(action).status is None


def test_action_without_rows_has_no_status(plan):
    assert action_rag(action_with_rows(plan)).status is None


def test_action_with_complete_and_green_rows_is_green(plan, scale):
    action = action_with_rows(plan, scale["blue"], scale["green"])
    assert action_rag(action).status == scale["green"]


def test_action_override_wins_over_the_rows(plan, scale):
    action = action_with_rows(plan, scale["red"])
    action.rag_override, action.rag_override_reason = scale["green"], "Recovery plan agreed"
    rolled = action_rag(action)
    assert (rolled.status, rolled.overridden, rolled.reason) == (scale["green"], True, "Recovery plan agreed")


def test_action_override_keeps_the_computed_status_for_comparison(plan, scale):
    action = action_with_rows(plan, scale["red"])
    action.rag_override, action.rag_override_reason = scale["green"], "Recovery plan agreed"
    assert action_rag(action).computed == scale["red"]


def test_action_without_override_is_not_marked_overridden(plan, scale):
    rolled = action_rag(action_with_rows(plan, scale["amber"]))
    assert (rolled.overridden, rolled.reason, rolled.computed) == (False, "", scale["amber"])


# --- themes and plans, through the selector -----------------------------------------------


def test_theme_takes_the_worst_of_its_actions(plan, scale):
    theme = factories.ThemeFactory(plan=plan)
    action_with_rows(plan, scale["green"], theme=theme)
    action_with_rows(plan, scale["amber"], theme=theme)
    assert tree(plan).themes[0].rag.status == scale["amber"]


def test_plan_takes_the_worst_of_its_themes(plan, scale):
    action_with_rows(plan, scale["green"])
    action_with_rows(plan, scale["red"])
    assert tree(plan).rag.status == scale["red"]


def test_action_override_propagates_to_theme_and_plan(plan, scale):
    theme = factories.ThemeFactory(plan=plan)
    overridden = action_with_rows(plan, scale["red"], theme=theme)
    overridden.rag_override, overridden.rag_override_reason = scale["green"], "Risk has passed"
    overridden.save()
    action_with_rows(plan, scale["green"], theme=theme)
    result = tree(plan)
    assert (result.themes[0].rag.status, result.rag.status) == (scale["green"], scale["green"])


def test_action_override_to_worse_propagates_upwards(plan, scale):
    overridden = action_with_rows(plan, scale["green"])
    overridden.rag_override, overridden.rag_override_reason = scale["red"], "Funding withdrawn"
    overridden.save()
    assert tree(plan).rag.status == scale["red"]


def test_theme_override_wins_and_propagates_to_the_plan(plan, scale):
    theme = factories.ThemeFactory(plan=plan, rag_override=scale["amber"], rag_override_reason="Board view")
    action_with_rows(plan, scale["red"], theme=theme)
    result = tree(plan)
    assert (result.themes[0].rag.status, result.themes[0].rag.overridden, result.rag.status) == (
        scale["amber"],
        True,
        scale["amber"],
    )


def test_plan_override_wins_over_its_themes(plan, scale):
    plan.rag_override, plan.rag_override_reason = scale["green"], "Annual review"
    plan.save()
    action_with_rows(plan, scale["red"])
    rolled = tree(plan).rag
    assert (rolled.status, rolled.computed, rolled.overridden) == (scale["green"], scale["red"], True)


def test_plan_with_no_updates_has_no_status(plan):
    action_with_rows(plan, None, None)
    assert tree(plan).rag.status is None


def test_plan_without_themes_has_no_status(plan):
    assert tree(plan).rag.status is None


def test_theme_without_status_is_ignored_by_the_plan(plan, scale):
    action_with_rows(plan, None)
    action_with_rows(plan, scale["green"])
    assert tree(plan).rag.status == scale["green"]


def test_plan_rag_on_themes_directly(plan, scale):
    action = action_with_rows(plan, scale["amber"])
    assert plan_rag(plan, [action.theme]).status == scale["amber"]
    assert theme_rag(action.theme).status == scale["amber"]


# --- filtering narrows what is listed, not the statuses -----------------------------------


def test_filtered_tree_lists_only_the_chosen_rows(plan, scale):
    action = action_with_rows(plan, scale["red"], scale["green"])
    green_row = action.rows.get(current_update__rag=scale["green"])
    result = plan_tree(plan, {green_row.pk})
    assert [row.pk for row in result.themes[0].actions[0].rows] == [green_row.pk]


def test_filtered_tree_keeps_the_rolled_up_statuses(plan, scale):
    action = action_with_rows(plan, scale["red"], scale["green"])
    green_row = action.rows.get(current_update__rag=scale["green"])
    result = plan_tree(plan, {green_row.pk})
    assert (result.rag.status, result.themes[0].actions[0].rag.status) == (scale["red"], scale["red"])


def test_filtered_tree_counts_shown_and_total_rows(plan, scale):
    action = action_with_rows(plan, scale["red"], scale["green"], None)
    green_row = action.rows.get(current_update__rag=scale["green"])
    result = plan_tree(plan, {green_row.pk})
    assert (result.shown_row_count, result.row_count) == (1, 3)


def test_filtered_tree_drops_themes_and_actions_without_shown_rows(plan, scale):
    shown = action_with_rows(plan, scale["red"], reference="1.1")
    action_with_rows(plan, scale["green"], reference="2.1")
    result = plan_tree(plan, set(shown.rows.values_list("pk", flat=True)))
    assert [[node.action.reference for node in t.actions] for t in result.themes] == [["1.1"]]


def test_unfiltered_tree_lists_actions_without_rows(plan):
    action_with_rows(plan, reference="1.1")
    result = plan_tree(plan)
    assert [node.action.reference for node in result.themes[0].actions] == ["1.1"]
