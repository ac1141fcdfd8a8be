"""Partnerships, RAG scales, memberships and the permission rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Membership, Partnership, Person, RagStatus
from partners.rules import memberships_of, partnership_id_of
from partners.services import partnership_create
from plans.models import ExpectedOutcome
from tests import factories

Role = Membership.Role


# --- partnership_create and the RAG scale -------------------------------------------------


def scale_of(partnership) -> list[str]:
    return list(partnership.rag_statuses.order_by("position").values_list("code", flat=True))


def test_partnership_create_makes_red_amber_green(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire")
    assert scale_of(partnership) == ["red", "amber", "green"]


def test_partnership_create_adds_blue_when_asked(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire", with_blue=True)
    assert scale_of(partnership) == ["red", "amber", "green", "blue"]


def test_partnership_create_adds_grey_when_asked(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire", with_grey=True)
    assert scale_of(partnership) == ["red", "amber", "green", "grey"]


def test_partnership_create_severities_put_red_worst_and_blue_best(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire", with_blue=True, with_grey=True)
    by_severity = list(partnership.rag_statuses.order_by("-severity").values_list("code", flat=True))
    assert by_severity == ["red", "amber", "grey", "green", "blue"]


def test_partnership_create_severities_are_distinct(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire", with_blue=True, with_grey=True)
    severities = list(partnership.rag_statuses.values_list("severity", flat=True))
    assert len(set(severities)) == len(severities)


def test_partnership_create_positions_count_from_one(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire", with_blue=True)
    assert list(partnership.rag_statuses.values_list("position", flat=True)) == [1, 2, 3, 4]


def test_only_blue_counts_as_complete(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire", with_blue=True, with_grey=True)
    assert list(partnership.rag_statuses.filter(is_complete=True).values_list("code", flat=True)) == ["blue"]


def test_red_and_amber_need_a_reason(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire", with_blue=True, with_grey=True)
    assert set(partnership.rag_statuses.filter(needs_reason=True).values_list("code", flat=True)) == {
        "red",
        "amber",
    }


def test_every_status_has_words_as_well_as_a_colour(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire", with_blue=True, with_grey=True)
    for status in partnership.rag_statuses.all():
        assert status.label.strip() and status.meaning.strip()
        status.full_clean()


def test_partnership_create_validates_before_saving(db):
    with pytest.raises(ValidationError):
        partnership_create(name="Testshire CSP", slug="testshire", meeting_months=[13])
    assert not Partnership.objects.exists()
    assert not RagStatus.objects.exists()


def test_two_partnerships_may_use_the_same_rag_codes(db):
    first = partnership_create(name="First CSP", slug="first")
    second = partnership_create(name="Second CSP", slug="second")
    assert scale_of(first) == scale_of(second)


def test_rag_code_is_unique_within_a_partnership(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire")
    with pytest.raises(IntegrityError), transaction.atomic():
        RagStatus.objects.create(
            partnership=partnership, code="red", label="Crimson", meaning="x", colour="#ff0000"
        )


def test_rag_label_is_unique_within_a_partnership(db):
    partnership = partnership_create(name="Testshire CSP", slug="testshire")
    with pytest.raises(IntegrityError), transaction.atomic():
        RagStatus.objects.create(
            partnership=partnership, code="crimson", label="Red", meaning="x", colour="#ff0000"
        )


@pytest.mark.parametrize("colour", ["red", "#fff", "#12345g", "123456"])
def test_rag_colour_must_be_hash_and_six_hex_digits(db, colour):
    partnership = partnership_create(name="Testshire CSP", slug="testshire")
    status = RagStatus(partnership=partnership, code="x", label="X", meaning="x", colour=colour)
    with pytest.raises(ValidationError) as error:
        status.full_clean()
    assert set(error.value.message_dict) == {"colour"}


# --- meeting months -----------------------------------------------------------------------


@pytest.mark.parametrize("months", [[13], [0], [1, 4, 13], ["April"], [1.5], "1,4"])
def test_partnership_rejects_meeting_months_outside_1_to_12(months):
    partnership = Partnership(name="x", slug="x", meeting_months=months)
    with pytest.raises(ValidationError) as error:
        partnership.clean()
    assert error.value.message_dict == {"meeting_months": ["List months as whole numbers from 1 to 12."]}


def test_partnership_sorts_meeting_months_and_drops_repeats():
    partnership = Partnership(name="x", slug="x", meeting_months=[10, 1, 4, 1])
    partnership.clean()
    assert partnership.meeting_months == [1, 4, 10]


def test_partnership_without_meeting_months_is_valid():
    partnership = Partnership(name="x", slug="x", meeting_months=[])
    partnership.clean()
    assert partnership.meeting_month_names == []


def test_meeting_month_names():
    assert Partnership(meeting_months=[1, 4, 7, 10]).meeting_month_names == [
        "January",
        "April",
        "July",
        "October",
    ]


@pytest.mark.parametrize("month", [0, 13])
def test_year_start_month_must_be_a_month(db, month):
    partnership = Partnership(name="x", slug="x", year_start_month=month)
    with pytest.raises(ValidationError) as error:
        partnership.full_clean()
    assert "year_start_month" in error.value.message_dict


# --- memberships and people ---------------------------------------------------------------


def test_one_membership_per_user_per_partnership(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.users["lead"], partnership=world.partnership, role=Role.VIEWER)


def test_a_user_may_be_a_member_of_two_partnerships(world):
    Membership.objects.create(user=world.users["lead"], partnership=world.other_partnership, role=Role.VIEWER)
    assert set(memberships_of(world.users["lead"])) == {world.partnership.pk, world.other_partnership.pk}


def test_one_person_per_user_per_partnership(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(partnership=world.partnership, name="Lena again", user=world.users["lead"])


def test_many_people_without_a_login_in_one_partnership(world):
    Person.objects.create(partnership=world.partnership, name="A")
    Person.objects.create(partnership=world.partnership, name="B")
    assert world.partnership.people.filter(user__isnull=True).count() == 2


def test_person_rejects_an_organisation_of_another_partnership(world):
    foreign = factories.OrganisationFactory(partnership=world.other_partnership)
    person = Person(partnership=world.partnership, name="Wrong", organisation=foreign)
    with pytest.raises(ValidationError) as error:
        person.clean()
    assert error.value.message_dict == {"organisation": ["Choose an organisation of this partnership."]}


def test_organisation_short_name_is_unique_within_a_partnership(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.OrganisationFactory(partnership=world.partnership, short_name="POL")


def test_person_str_shows_the_organisation(world):
    assert str(world.lead_person) == "Insp Lena Lead (POL)"


# --- rules: where the object belongs ------------------------------------------------------


def test_partnership_id_of_follows_the_plan_structure(world):
    target = factories.TargetFactory(row=world.row_a)
    update = factories.ProgressUpdateFactory(row=world.row_a)
    outcome = ExpectedOutcome.objects.create(action=world.action, number=1, text="x")
    objects = [
        world.partnership,
        world.plan,
        world.action.theme,
        world.action,
        world.row_a,
        target,
        update,
        outcome,
    ]
    assert {partnership_id_of(obj) for obj in objects} == {world.partnership.pk}


def test_partnership_id_of_nothing_is_nothing():
    assert partnership_id_of(None) is None


# --- rules: roles in two partnerships -----------------------------------------------------


@pytest.fixture
def dual(world):
    """A user who coordinates `home` and is only a viewer in `other`."""
    user = factories.UserFactory(username="dual")
    Membership.objects.create(user=user, partnership=world.partnership, role=Role.COORDINATOR)
    Membership.objects.create(user=user, partnership=world.other_partnership, role=Role.VIEWER)
    return user


def test_dual_role_user_manages_the_plan_where_they_coordinate(world, dual):
    assert dual.has_perm("plans.manage_plan", world.plan)


def test_dual_role_user_cannot_manage_the_plan_where_they_view(world, dual):
    assert not dual.has_perm("plans.manage_plan", world.other_plan)


def test_dual_role_user_views_both_plans(world, dual):
    assert dual.has_perm("plans.view_plan", world.plan) and dual.has_perm("plans.view_plan", world.other_plan)


def test_dual_role_user_manages_only_the_partnership_they_coordinate(world, dual):
    assert dual.has_perm("partners.manage_partnership", world.partnership)
    assert not dual.has_perm("partners.manage_partnership", world.other_partnership)


def test_dual_role_user_updates_rows_only_where_they_coordinate(world, dual):
    other_row = factories.ProjectRowFactory(action=world.other_plan.actions.get())
    assert dual.has_perm("plans.update_row", world.row_b)
    assert not dual.has_perm("plans.update_row", other_row)


@pytest.fixture
def lead_elsewhere(world):
    """`lead` also belongs to `other` as a viewer, and is named as lead of a row there."""
    Membership.objects.create(user=world.users["lead"], partnership=world.other_partnership, role=Role.VIEWER)
    person = Person.objects.create(partnership=world.other_partnership, name="Lena", user=world.users["lead"])
    row = factories.ProjectRowFactory(action=world.other_plan.actions.get())
    row.lead_people.add(person)
    return row


def test_leading_a_row_gives_no_edit_right_where_the_role_is_viewer(world, lead_elsewhere):
    assert not world.users["lead"].has_perm("plans.update_row", lead_elsewhere)


def test_lead_officer_role_still_applies_in_their_own_partnership(world, lead_elsewhere):
    assert world.users["lead"].has_perm("plans.update_row", world.row_a)


def test_lead_officer_updates_only_rows_they_lead(world):
    lead = world.users["lead"]
    assert (
        lead.has_perm("plans.update_row", world.row_a),
        lead.has_perm("plans.update_row", world.row_b),
    ) == (
        True,
        False,
    )


def test_lead_officer_cannot_manage_the_plan(world):
    assert not world.users["lead"].has_perm("plans.manage_plan", world.plan)


def test_viewer_cannot_update_rows_or_manage(world):
    viewer = world.users["viewer"]
    assert not viewer.has_perm("plans.update_row", world.row_a)
    assert not viewer.has_perm("plans.manage_plan", world.plan)


def test_outsider_has_no_permission_on_home(world):
    outsider = world.users["outsider"]
    perms = ["plans.view_plan", "plans.manage_plan", "plans.update_row", "plans.view_action"]
    objects = [world.plan, world.plan, world.row_a, world.action]
    assert not any(outsider.has_perm(perm, obj) for perm, obj in zip(perms, objects, strict=True))


def test_anonymous_has_no_permission(world):
    assert not AnonymousUser().has_perm("plans.view_plan", world.plan)


def test_dhr_access_needs_the_explicit_grant(world):
    assert world.users["coordinator"].has_perm("partners.view_dhr", world.partnership)
    assert not world.users["viewer"].has_perm("partners.view_dhr", world.partnership)


def test_dhr_grant_in_one_partnership_does_not_reach_another(world):
    Membership.objects.create(
        user=world.users["coordinator"], partnership=world.other_partnership, role=Role.COORDINATOR
    )
    assert not world.users["coordinator"].has_perm("partners.view_dhr", world.other_partnership)


def test_role_checks_in_a_loop_cost_no_queries(world, django_assert_num_queries):
    lead = world.users["lead"]
    rows = list(world.action.rows.prefetch_related("lead_people").select_related("action__plan"))
    lead.has_perm("plans.view_plan", world.plan)
    with django_assert_num_queries(0):
        for row in rows:
            lead.has_perm("plans.update_row", row)
