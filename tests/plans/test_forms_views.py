"""The coordinator's and lead officers' forms, the plan filters, the RAG key and history."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import resolve, reverse

from partners.models import Membership, Person
from plans.models import Action, ExpectedOutcome, Plan, ProjectRow, Target, Theme
from tests import factories

Role = Membership.Role


# --- helpers ------------------------------------------------------------------------------


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def field_errors(soup: BeautifulSoup) -> dict[str, str]:
    """Field name -> error text, read from the GOV.UK form groups marked as in error."""
    errors = {}
    for group in soup.select(".govuk-form-group--error"):
        name = group["id"].removeprefix("div_id_")
        message = group.select_one(".govuk-error-message")
        errors[name] = message.get_text(" ", strip=True).removeprefix("Error:").strip()
    return errors


def summary_errors(soup: BeautifulSoup) -> list[str]:
    return [li.get_text(" ", strip=True) for li in soup.select(".govuk-error-summary__list li")]


def field_value(soup: BeautifulSoup, name: str) -> str:
    element = soup.find(attrs={"name": name}, id=True)
    if element.name == "textarea":
        return element.get_text().strip()
    if element.name == "select":
        selected = element.find("option", selected=True)
        return selected["value"] if selected else ""
    return element.get("value", "")


def checked_values(soup: BeautifulSoup, name: str) -> set[str]:
    return {box["value"] for box in soup.find_all("input", attrs={"name": name}) if box.has_attr("checked")}


def form_field_names(soup: BeautifulSoup) -> set[str]:
    form = soup.find("form", id="main-form")
    return {el["name"] for el in form.find_all(["input", "select", "textarea"]) if el.get("type") != "hidden"}


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator"])
    return client


def plan_url(world, name: str, *extra) -> str:
    return reverse(name, args=[world.partnership.slug, world.plan.pk, *extra])


def action_url(world, name: str, *extra) -> str:
    return plan_url(world, name, world.action.pk, *extra)


def action_data(world, **overrides) -> dict:
    return {"theme": world.action.theme_id, "reference": "1.2", "title": "Reduce repeat victims"} | overrides


def plan_data(**overrides) -> dict:
    return {
        "title": "Community Safety Plan 2026/27",
        "kind": "annual",
        "status": "draft",
        "start_date": "2026-04-01",
        "end_date": "2027-03-31",
    } | overrides


# --- plans --------------------------------------------------------------------------------


def test_coordinator_creates_a_plan_and_lands_on_it(coordinator, world):
    response = coordinator.post(reverse("plan_create", args=[world.partnership.slug]), plan_data())
    plan = Plan.objects.get(title="Community Safety Plan 2026/27")
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=[world.partnership.slug, plan.pk])


def test_created_plan_belongs_to_the_partnership_in_the_url(coordinator, world):
    coordinator.post(reverse("plan_create", args=[world.partnership.slug]), plan_data())
    plan = Plan.objects.get(title="Community Safety Plan 2026/27")
    assert plan.partnership == world.partnership
    assert (plan.start_date, plan.end_date) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))


def test_plan_ending_before_it_starts_is_an_error(coordinator, world):
    response = coordinator.post(
        reverse("plan_create", args=[world.partnership.slug]), plan_data(end_date="2026-03-31")
    )
    assert response.status_code == 200
    assert field_errors(soup_of(response)) == {"end_date": "The plan must end after it starts."}
    assert not Plan.objects.filter(title="Community Safety Plan 2026/27").exists()


def test_plan_error_is_listed_in_the_error_summary(coordinator, world):
    response = coordinator.post(
        reverse("plan_create", args=[world.partnership.slug]), plan_data(end_date="2026-03-31")
    )
    assert summary_errors(soup_of(response)) == ["End date: The plan must end after it starts."]


def test_page_title_says_error_when_the_form_has_errors(coordinator, world):
    response = coordinator.post(
        reverse("plan_create", args=[world.partnership.slug]), plan_data(end_date="2026-03-31")
    )
    assert soup_of(response).title.get_text(strip=True).startswith("Error:")


def test_plan_rag_override_without_reason_is_an_error(coordinator, world):
    data = plan_data(title=world.plan.title, rag_override=world.rag("red").pk, rag_override_reason="  ")
    response = coordinator.post(plan_url(world, "plan_update"), data)
    assert field_errors(soup_of(response)) == {"rag_override_reason": "Say why the RAG is overridden."}
    world.plan.refresh_from_db()
    assert world.plan.rag_override is None


def test_plan_rag_override_from_another_partnership_is_refused(coordinator, world):
    foreign = world.other_partnership.rag_statuses.get(code="red")
    data = plan_data(title=world.plan.title, rag_override=foreign.pk, rag_override_reason="Because")
    response = coordinator.post(plan_url(world, "plan_update"), data)
    assert set(field_errors(soup_of(response))) == {"rag_override"}
    world.plan.refresh_from_db()
    assert world.plan.rag_override is None


def test_rag_override_choices_are_the_partnerships_own_scale(coordinator, world):
    soup = soup_of(coordinator.get(plan_url(world, "plan_update")))
    options = {o["value"] for o in soup.find("select", attrs={"name": "rag_override"}).find_all("option")}
    assert options == {""} | {str(pk) for pk in world.partnership.rag_statuses.values_list("pk", flat=True)}


# --- themes -------------------------------------------------------------------------------


def test_coordinator_adds_a_theme(coordinator, world):
    response = coordinator.post(
        plan_url(world, "theme_create"), {"number": "2", "title": "Anti-social behaviour"}
    )
    assert response.status_code == 302
    assert response["Location"] == plan_url(world, "plan_detail")
    assert world.plan.themes.filter(number="2", title="Anti-social behaviour").exists()


def test_duplicate_theme_number_is_a_form_error_naming_it(coordinator, world):
    response = coordinator.post(plan_url(world, "theme_create"), {"number": "1", "title": "Again"})
    assert response.status_code == 200
    assert "1" in field_errors(soup_of(response))["number"]
    assert world.plan.themes.count() == 1


def test_theme_lead_agency_choices_are_the_partnerships_organisations(coordinator, world):
    factories.OrganisationFactory(partnership=world.other_partnership, short_name="XYZ")
    soup = soup_of(coordinator.get(plan_url(world, "theme_create")))
    select = soup.find("select", attrs={"name": "lead_agency"})
    labels = {o.get_text(strip=True) for o in select.find_all("option") if o["value"]}
    assert labels == {"POL", "FDC"}


def test_theme_rag_override_without_reason_is_an_error(coordinator, world):
    theme = world.action.theme
    data = {"number": "1", "title": theme.title, "rag_override": world.rag("amber").pk}
    response = coordinator.post(plan_url(world, "theme_update", theme.pk), data)
    assert set(field_errors(soup_of(response))) == {"rag_override_reason"}
    theme.refresh_from_db()
    assert theme.rag_override is None


# --- actions ------------------------------------------------------------------------------


def test_coordinator_adds_an_action_and_lands_on_its_page(coordinator, world):
    response = coordinator.post(plan_url(world, "action_create"), action_data(world))
    action = world.plan.actions.get(reference="1.2")
    assert response.status_code == 302
    assert response["Location"] == plan_url(world, "action_detail", action.pk)


def test_action_page_after_creation_shows_the_new_action(coordinator, world):
    response = coordinator.post(plan_url(world, "action_create"), action_data(world), follow=True)
    assert soup_of(response).h1.get_text(" ", strip=True) == "1.2 Reduce repeat victims"


def test_action_create_preselects_the_theme_from_the_link(coordinator, world):
    theme2 = factories.ThemeFactory(plan=world.plan, number="2")
    soup = soup_of(coordinator.get(plan_url(world, "action_create") + f"?theme={theme2.pk}"))
    assert field_value(soup, "theme") == str(theme2.pk)


def test_action_create_ignores_a_theme_of_another_plan_in_the_link(coordinator, world):
    foreign_theme = world.other_plan.themes.get()
    response = coordinator.get(plan_url(world, "action_create") + f"?theme={foreign_theme.pk}")
    assert response.status_code == 200
    assert field_value(soup_of(response), "theme") == ""


def test_action_create_ignores_a_malformed_theme_in_the_link(coordinator, world):
    response = coordinator.get(plan_url(world, "action_create") + "?theme=abc")
    assert response.status_code == 200
    assert field_value(soup_of(response), "theme") == ""


def test_action_theme_choices_are_the_plans_themes_only(coordinator, world):
    soup = soup_of(coordinator.get(plan_url(world, "action_create")))
    select = soup.find("select", attrs={"name": "theme"})
    assert {o["value"] for o in select.find_all("option") if o["value"]} == {str(world.action.theme_id)}


def test_action_with_a_theme_of_another_plan_is_refused(coordinator, world):
    foreign_theme = world.other_plan.themes.get()
    response = coordinator.post(plan_url(world, "action_create"), action_data(world, theme=foreign_theme.pk))
    assert set(field_errors(soup_of(response))) == {"theme"}
    assert not Action.objects.filter(reference="1.2").exists()


def test_duplicate_action_reference_is_a_form_error_naming_the_reference(coordinator, world):
    response = coordinator.post(plan_url(world, "action_create"), action_data(world, reference="1.1"))
    assert response.status_code == 200
    error = field_errors(soup_of(response))["reference"]
    assert re.search(r"\b1\.1\b", error)


def test_duplicate_action_reference_saves_nothing(coordinator, world):
    coordinator.post(plan_url(world, "action_create"), action_data(world, reference="1.1"))
    assert world.plan.actions.count() == 1


def test_duplicate_action_reference_with_spaces_is_still_a_duplicate(coordinator, world):
    response = coordinator.post(plan_url(world, "action_create"), action_data(world, reference="  1.1 "))
    assert response.status_code == 200
    assert "reference" in field_errors(soup_of(response))
    assert world.plan.actions.count() == 1


def test_duplicate_reference_on_edit_is_a_form_error(coordinator, world):
    second = factories.ActionFactory(plan=world.plan, theme=world.action.theme, reference="1.2")
    response = coordinator.post(
        plan_url(world, "action_update", second.pk), action_data(world, reference="1.1")
    )
    assert response.status_code == 200
    assert "reference" in field_errors(soup_of(response))
    second.refresh_from_db()
    assert second.reference == "1.2"


def test_same_action_reference_in_another_plan_is_accepted(coordinator, world):
    second_plan = factories.PlanFactory(partnership=world.partnership, title="Next year")
    theme = factories.ThemeFactory(plan=second_plan, number="1")
    url = reverse("action_create", args=[world.partnership.slug, second_plan.pk])
    response = coordinator.post(url, {"theme": theme.pk, "reference": "1.1", "title": "Carry on"})
    assert response.status_code == 302
    assert second_plan.actions.filter(reference="1.1").exists()


def test_editing_an_action_keeping_its_reference_is_accepted(coordinator, world):
    data = action_data(world, reference="1.1", title="Support victims better")
    response = coordinator.post(plan_url(world, "action_update", world.action.pk), data)
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.title == "Support victims better"


def test_action_rag_override_without_reason_is_an_error(coordinator, world):
    data = action_data(world, rag_override=world.rag("red").pk, rag_override_reason="")
    response = coordinator.post(plan_url(world, "action_create"), data)
    assert field_errors(soup_of(response)) == {"rag_override_reason": "Say why the RAG is overridden."}
    assert not world.plan.actions.filter(reference="1.2").exists()


def test_action_rag_override_with_reason_is_saved(coordinator, world):
    data = action_data(world, rag_override=world.rag("red").pk, rag_override_reason="Funding withdrawn")
    coordinator.post(plan_url(world, "action_create"), data)
    action = world.plan.actions.get(reference="1.2")
    assert (action.rag_override, action.rag_override_reason) == (world.rag("red"), "Funding withdrawn")


def test_negative_action_budget_is_an_error(coordinator, world):
    response = coordinator.post(plan_url(world, "action_create"), action_data(world, budget="-1"))
    assert set(field_errors(soup_of(response))) == {"budget"}


def test_form_with_an_error_keeps_what_was_typed(coordinator, world):
    data = action_data(
        world,
        reference="1.1",
        title="Typed action title",
        outcome="Typed outcome words",
        budget="1234.50",
        budget_text="£1,234.50 from the PCC",
        due_text="By March",
    )
    soup = soup_of(coordinator.post(plan_url(world, "action_create"), data))
    typed = {
        name: field_value(soup, name) for name in ["reference", "title", "outcome", "budget_text", "due_text"]
    }
    assert typed == {
        "reference": "1.1",
        "title": "Typed action title",
        "outcome": "Typed outcome words",
        "budget_text": "£1,234.50 from the PCC",
        "due_text": "By March",
    }


def test_form_with_an_error_keeps_the_chosen_theme_and_budget(coordinator, world):
    data = action_data(world, reference="1.1", budget="1234.50")
    soup = soup_of(coordinator.post(plan_url(world, "action_create"), data))
    assert (field_value(soup, "theme"), field_value(soup, "budget")) == (
        str(world.action.theme_id),
        "1234.50",
    )


def test_error_summary_links_point_at_fields_on_the_page(coordinator, world):
    soup = soup_of(coordinator.post(plan_url(world, "action_create"), action_data(world, reference="1.1")))
    targets = [a["href"] for a in soup.select(".govuk-error-summary__list a")]
    assert targets
    assert all(soup.find(id=href.removeprefix("#")) for href in targets)


def test_error_summary_link_of_a_radio_field_points_at_a_field_on_the_page(coordinator, world):
    response = coordinator.post(
        reverse("membership_edit", args=[world.partnership.slug, world.lead_person.pk]), {}
    )
    soup = soup_of(response)
    targets = [a["href"] for a in soup.select(".govuk-error-summary__list a")]
    assert targets
    assert all(soup.find(id=href.removeprefix("#")) for href in targets)


# --- project rows -------------------------------------------------------------------------


def test_coordinator_adds_a_row_with_lead_people(coordinator, world):
    data = {"description": "Perpetrator programme", "lead_people": [world.lead2_person.pk]}
    response = coordinator.post(action_url(world, "row_create"), data)
    assert response.status_code == 302
    assert response["Location"] == plan_url(world, "action_detail", world.action.pk)
    row = world.action.rows.get(description="Perpetrator programme")
    assert list(row.lead_people.all()) == [world.lead2_person]


def test_new_row_goes_after_the_existing_rows(coordinator, world):
    coordinator.post(action_url(world, "row_create"), {"description": "Perpetrator programme"})
    assert world.action.rows.get(description="Perpetrator programme").position == 3


def test_row_lead_from_another_partnership_is_refused(coordinator, world):
    foreigner = factories.PersonFactory(partnership=world.other_partnership, name="Fred Foreign")
    data = {"description": "Perpetrator programme", "lead_people": [foreigner.pk]}
    response = coordinator.post(action_url(world, "row_create"), data)
    assert set(field_errors(soup_of(response))) == {"lead_people"}
    assert not ProjectRow.objects.filter(description="Perpetrator programme").exists()


def test_row_lead_choices_are_the_partnerships_people(coordinator, world):
    factories.PersonFactory(partnership=world.other_partnership, name="Fred Foreign")
    soup = soup_of(coordinator.get(action_url(world, "row_create")))
    labels = {
        label.get_text(strip=True)
        for label in soup.select("#div_id_lead_people label.govuk-checkboxes__label")
    }
    assert labels == {"Cora Coordinator (FDC)", "Insp Lena Lead (POL)", "Sam Second (FDC)"}


def test_coordinator_row_edit_form_has_lead_fields(coordinator, world):
    soup = soup_of(coordinator.get(action_url(world, "row_update", world.row_a.pk)))
    assert {"lead_people", "lead_organisations"} <= form_field_names(soup)


def test_coordinator_row_edit_form_shows_current_leads_ticked(coordinator, world):
    soup = soup_of(coordinator.get(action_url(world, "row_update", world.row_a.pk)))
    assert checked_values(soup, "lead_people") == {str(world.lead_person.pk)}


def test_lead_officer_row_edit_form_has_no_lead_fields(client, world):
    client.force_login(world.users["lead"])
    soup = soup_of(client.get(action_url(world, "row_update", world.row_a.pk)))
    names = form_field_names(soup)
    assert names == {"description", "target_text", "milestone"}


def test_lead_officer_saves_their_row_wording(client, world):
    client.force_login(world.users["lead"])
    data = {"description": "IDVA service", "target_text": "90% of cases", "milestone": "By Q3", "revision": 1}
    assert client.post(action_url(world, "row_update", world.row_a.pk), data).status_code == 302
    world.row_a.refresh_from_db()
    assert (world.row_a.target_text, world.row_a.milestone) == ("90% of cases", "By Q3")


def test_lead_officer_saving_their_row_keeps_its_leads(client, world):
    client.force_login(world.users["lead"])
    data = {"description": "IDVA service", "target_text": "", "milestone": "", "revision": 1}
    assert client.post(action_url(world, "row_update", world.row_a.pk), data).status_code == 302
    assert list(world.row_a.lead_people.all()) == [world.lead_person]
    assert list(world.row_a.lead_organisations.all()) == [world.police]


def test_row_without_description_is_an_error(coordinator, world):
    response = coordinator.post(action_url(world, "row_create"), {"description": ""})
    assert set(field_errors(soup_of(response))) == {"description"}
    assert world.action.rows.count() == 2


# --- targets ------------------------------------------------------------------------------


def target_data(**overrides) -> dict:
    return {
        "description": "Referrals reviewed within 10 days",
        "kind": "numeric",
        "direction": "higher",
        "unit": "%",
        "target_value": "85",
    } | overrides


def test_coordinator_adds_a_numeric_target(coordinator, world):
    response = coordinator.post(action_url(world, "target_create", world.row_a.pk), target_data())
    assert response.status_code == 302
    target = world.row_a.targets.get()
    assert (target.kind, target.target_value, target.position) == ("numeric", 85, 1)


def test_lead_officer_adds_a_target_to_their_row(client, world):
    client.force_login(world.users["lead"])
    response = client.post(action_url(world, "target_create", world.row_a.pk), target_data())
    assert response.status_code == 302
    assert world.row_a.targets.count() == 1


def test_numeric_target_without_a_value_shows_the_error(coordinator, world):
    response = coordinator.post(
        action_url(world, "target_create", world.row_a.pk), target_data(target_value="")
    )
    assert response.status_code == 200
    assert field_errors(soup_of(response)) == {"target_value": "A numeric target needs a target value."}


def test_numeric_target_without_a_value_saves_nothing(coordinator, world):
    coordinator.post(action_url(world, "target_create", world.row_a.pk), target_data(target_value=""))
    assert not Target.objects.exists()


def test_text_target_needs_no_value(coordinator, world):
    data = target_data(kind="text", target_value="", unit="")
    assert coordinator.post(action_url(world, "target_create", world.row_a.pk), data).status_code == 302
    assert world.row_a.targets.get().kind == "text"


def test_baseline_without_its_period_is_an_error(coordinator, world):
    response = coordinator.post(
        action_url(world, "target_create", world.row_a.pk), target_data(baseline="70", baseline_period="")
    )
    assert field_errors(soup_of(response)) == {"baseline_period": "Say which period the baseline is from."}


# --- expected outcomes --------------------------------------------------------------------


def test_coordinator_adds_an_expected_outcome(coordinator, world):
    data = {"number": "1", "text": "Victims feel safer", "status": world.rag("green").pk}
    response = coordinator.post(action_url(world, "outcome_create"), data)
    assert response.status_code == 302
    outcome = world.action.expected_outcomes.get()
    assert (outcome.number, outcome.text, outcome.status) == (1, "Victims feel safer", world.rag("green"))


def test_outcome_form_suggests_the_next_number(coordinator, world):
    ExpectedOutcome.objects.create(action=world.action, number=1, text="First")
    soup = soup_of(coordinator.get(action_url(world, "outcome_create")))
    assert field_value(soup, "number") == "2"


def test_duplicate_outcome_number_is_a_form_error(coordinator, world):
    ExpectedOutcome.objects.create(action=world.action, number=1, text="First")
    response = coordinator.post(action_url(world, "outcome_create"), {"number": "1", "text": "Again"})
    assert response.status_code == 200
    assert "number" in field_errors(soup_of(response))
    assert world.action.expected_outcomes.count() == 1


def test_outcome_status_from_another_partnership_is_refused(coordinator, world):
    foreign = world.other_partnership.rag_statuses.get(code="green")
    data = {"number": "1", "text": "Victims feel safer", "status": foreign.pk}
    response = coordinator.post(action_url(world, "outcome_create"), data)
    assert set(field_errors(soup_of(response))) == {"status"}
    assert not ExpectedOutcome.objects.exists()


# --- organisations, people, glossary ------------------------------------------------------


def test_duplicate_organisation_short_name_ignoring_case_is_an_error(coordinator, world):
    url = reverse("organisation_create", args=[world.partnership.slug])
    response = coordinator.post(url, {"short_name": "pol", "name": "Police again", "kind": "statutory"})
    assert "pol" in field_errors(soup_of(response))["short_name"]
    assert world.partnership.organisations.count() == 2


def test_same_organisation_short_name_in_another_partnership_is_accepted(client, world):
    client.force_login(world.users["outsider"])
    url = reverse("organisation_create", args=[world.other_partnership.slug])
    response = client.post(url, {"short_name": "POL", "name": "Other Police", "kind": "statutory"})
    assert response.status_code == 302
    assert world.other_partnership.organisations.filter(short_name="POL").exists()


def test_person_organisation_choices_are_the_partnerships_own(coordinator, world):
    factories.OrganisationFactory(partnership=world.other_partnership, short_name="XYZ")
    soup = soup_of(coordinator.get(reverse("person_create", args=[world.partnership.slug])))
    select = soup.find("select", attrs={"name": "organisation"})
    assert {o.get_text(strip=True) for o in select.find_all("option") if o["value"]} == {"POL", "FDC"}


def test_duplicate_glossary_acronym_is_an_error(coordinator, world):
    url = reverse("glossary_create", args=[world.partnership.slug])
    coordinator.post(url, {"acronym": "IDVA", "meaning": "Independent Domestic Violence Adviser"})
    response = coordinator.post(url, {"acronym": "idva", "meaning": "Again"})
    assert "acronym" in field_errors(soup_of(response))
    assert world.partnership.glossary.count() == 1


# --- logins and roles ---------------------------------------------------------------------


def membership_url(world, person) -> str:
    return reverse("membership_edit", args=[world.partnership.slug, person.pk])


@pytest.fixture
def newcomer(world):
    return factories.PersonFactory(
        partnership=world.partnership, name="Nina New", organisation=world.council, email="nina@example.org"
    )


def test_giving_a_login_creates_a_user_linked_to_the_person(
    coordinator, world, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(membership_url(world, newcomer), {"role": Role.LEAD_OFFICER})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user.email == "nina@example.org"


def test_giving_a_login_creates_the_membership_with_the_role(
    coordinator, world, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(membership_url(world, newcomer), {"role": Role.VIEWER, "can_see_dhr": "on"})
    newcomer.refresh_from_db()
    membership = Membership.objects.get(user=newcomer.user, partnership=world.partnership)
    assert (membership.role, membership.can_see_dhr) == (Role.VIEWER, True)


def test_new_login_has_no_usable_password(coordinator, world, newcomer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(membership_url(world, newcomer), {"role": Role.LEAD_OFFICER})
    newcomer.refresh_from_db()
    assert not newcomer.user.has_usable_password()


def test_giving_a_login_sends_one_invite_to_the_person(
    coordinator, world, newcomer, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(membership_url(world, newcomer), {"role": Role.LEAD_OFFICER})
    assert [message.to for message in mailoutbox] == [["nina@example.org"]]


def test_invite_contains_a_working_password_set_link(
    client, world, newcomer, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(membership_url(world, newcomer), {"role": Role.LEAD_OFFICER})
    link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    path = urlsplit(link).path
    assert resolve(path).url_name == "password_reset_confirm"
    client.logout()
    # The token link redirects to the set-password form, which is offered (a valid link).
    response = client.get(path, follow=True)
    assert soup_of(response).find("input", attrs={"name": "new_password1"}) is not None


def test_invite_names_the_partnership(
    coordinator, world, newcomer, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(membership_url(world, newcomer), {"role": Role.LEAD_OFFICER})
    assert "Home CSP" in mailoutbox[0].body


def test_no_invite_is_sent_until_the_transaction_commits(
    coordinator, world, newcomer, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        coordinator.post(membership_url(world, newcomer), {"role": Role.LEAD_OFFICER})
    assert (len(mailoutbox), len(callbacks)) == (0, 1)


def test_giving_a_login_reuses_a_user_with_the_same_email(
    coordinator, world, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    existing = factories.UserFactory(username="nina", email="Nina@Example.org")
    person = factories.PersonFactory(partnership=world.partnership, name="Nina", email="nina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(membership_url(world, person), {"role": Role.VIEWER})
    person.refresh_from_db()
    assert person.user == existing
    assert mailoutbox == []


def test_login_for_a_second_person_with_a_members_email_is_a_form_error(coordinator, world):
    twin = factories.PersonFactory(
        partnership=world.partnership, name="Lena Twin", email=world.users["lead"].email
    )
    response = coordinator.post(membership_url(world, twin), {"role": Role.VIEWER})
    assert response.status_code == 200
    assert summary_errors(soup_of(response))
    twin.refresh_from_db()
    assert twin.user is None


def test_person_without_an_email_gets_a_clear_error(coordinator, world):
    person = factories.PersonFactory(partnership=world.partnership, name="No Mail", email="")
    soup = soup_of(coordinator.post(membership_url(world, person), {"role": Role.LEAD_OFFICER}))
    assert summary_errors(soup) == ["Add an e-mail address for No Mail before giving them a login."]


def test_person_without_an_email_gets_no_login(coordinator, world, immediate_tasks, mailoutbox):
    person = factories.PersonFactory(partnership=world.partnership, name="No Mail", email="")
    user_count = Membership._meta.get_field("user").related_model.objects.count()
    coordinator.post(membership_url(world, person), {"role": Role.LEAD_OFFICER})
    person.refresh_from_db()
    assert person.user is None
    assert Membership._meta.get_field("user").related_model.objects.count() == user_count
    assert mailoutbox == []


def test_coordinator_cannot_demote_themselves(coordinator, world):
    me = Person.objects.get(user=world.users["coordinator"])
    response = coordinator.post(membership_url(world, me), {"role": Role.VIEWER})
    assert summary_errors(soup_of(response)) == ["You cannot take away your own coordinator role."]
    assert Membership.objects.get(user=world.users["coordinator"]).role == Role.COORDINATOR


def test_coordinator_cannot_demote_themselves_through_a_new_person_with_their_email(coordinator, world):
    Person.objects.filter(user=world.users["coordinator"]).delete()
    me_again = factories.PersonFactory(
        partnership=world.partnership, name="Cora Again", email=world.users["coordinator"].email
    )
    response = coordinator.post(membership_url(world, me_again), {"role": Role.VIEWER})
    assert summary_errors(soup_of(response)) == ["You cannot take away your own coordinator role."]
    assert Membership.objects.get(user=world.users["coordinator"]).role == Role.COORDINATOR


def test_coordinator_can_change_another_members_role(coordinator, world):
    response = coordinator.post(membership_url(world, world.lead_person), {"role": Role.VIEWER})
    assert response.status_code == 302
    assert Membership.objects.get(user=world.users["lead"]).role == Role.VIEWER


def test_changing_a_role_sends_no_invite(
    coordinator, world, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(membership_url(world, world.lead_person), {"role": Role.VIEWER})
    assert mailoutbox == []


def test_membership_page_shows_the_current_role(coordinator, world):
    soup = soup_of(coordinator.get(membership_url(world, world.lead2_person)))
    assert checked_values(soup, "role") == {Role.LEAD_OFFICER}


def test_membership_change_is_confirmed_in_a_message(coordinator, world):
    response = coordinator.post(membership_url(world, world.lead_person), {"role": Role.VIEWER}, follow=True)
    banner = soup_of(response).select_one(".govuk-notification-banner__heading")
    assert banner.get_text(strip=True) == "Insp Lena Lead is now viewer (scrutiny member)."


# --- plan filters -------------------------------------------------------------------------


def set_status(row: ProjectRow, rag) -> None:
    update = factories.ProgressUpdateFactory(row=row, rag=rag)
    row.current_update = update
    row.save(update_fields=["current_update"])


@pytest.fixture
def filter_world(world):
    """Theme 1: row A (POL, green), row B (Sam Second of FDC, red).
    Theme 2: row C (FDC directly, no update), row D (no lead, amber)."""
    set_status(world.row_a, world.rag("green"))
    set_status(world.row_b, world.rag("red"))
    theme2 = factories.ThemeFactory(plan=world.plan, number="2", title="Anti-social behaviour")
    action2 = factories.ActionFactory(plan=world.plan, theme=theme2, reference="2.1", title="Hotspots")
    row_c = factories.ProjectRowFactory(action=action2, position=1, description="Street patrols")
    row_c.lead_organisations.add(world.council)
    row_d = factories.ProjectRowFactory(action=action2, position=2, description="Youth diversion")
    set_status(row_d, world.rag("amber"))
    return theme2


def shown_rows(client, world, query: str = "") -> set[str]:
    soup = soup_of(client.get(plan_url(world, "plan_detail") + query))
    return {
        tr.find("td").get_text(strip=True)
        for table in soup.select("main table.govuk-table")
        for tr in table.tbody.find_all("tr")
    }


ALL_ROWS = {"IDVA service", "Awareness campaign", "Street patrols", "Youth diversion"}


def test_plan_without_filters_shows_every_row(coordinator, world, filter_world):
    assert shown_rows(coordinator, world) == ALL_ROWS


def test_plan_filter_by_theme(coordinator, world, filter_world):
    assert shown_rows(coordinator, world, f"?theme={filter_world.pk}") == {
        "Street patrols",
        "Youth diversion",
    }


def test_plan_filter_by_lead_organisation_directly(coordinator, world, filter_world):
    assert shown_rows(coordinator, world, f"?organisation={world.police.pk}") == {"IDVA service"}


def test_plan_filter_by_lead_organisation_includes_rows_of_its_lead_people(coordinator, world, filter_world):
    shown = shown_rows(coordinator, world, f"?organisation={world.council.pk}")
    assert shown == {"Awareness campaign", "Street patrols"}


def test_plan_filter_by_rag_code(coordinator, world, filter_world):
    assert shown_rows(coordinator, world, "?rag=red") == {"Awareness campaign"}


def test_plan_filter_no_status(coordinator, world, filter_world):
    assert shown_rows(coordinator, world, "?no_status=true") == {"Street patrols"}


def test_plan_filters_combine(coordinator, world, filter_world):
    assert shown_rows(coordinator, world, f"?theme={filter_world.pk}&rag=amber") == {"Youth diversion"}


def test_plan_filter_matching_nothing_says_so(coordinator, world, filter_world):
    soup = soup_of(coordinator.get(plan_url(world, "plan_detail") + f"?theme={filter_world.pk}&rag=red"))
    assert not soup.select("main table.govuk-table")
    assert "No project rows match the filters." in soup.find("main").get_text(" ", strip=True)


def test_plan_filter_reports_how_many_rows_are_shown(coordinator, world, filter_world):
    soup = soup_of(coordinator.get(plan_url(world, "plan_detail") + "?rag=red"))
    assert soup.find(attrs={"role": "status"}).get_text(strip=True) == "Showing 1 of 4 project rows."


def test_plan_filter_does_not_change_the_rolled_up_status(coordinator, world, filter_world):
    soup = soup_of(coordinator.get(plan_url(world, "plan_detail") + "?no_status=true"))
    overall = soup.find(lambda tag: tag.name == "p" and tag.get_text().startswith("Overall status"))
    assert overall.find(class_="govuk-tag").get_text(strip=True) == "Red"


def test_plan_filter_keeps_the_chosen_values_in_the_form(coordinator, world, filter_world):
    soup = soup_of(coordinator.get(plan_url(world, "plan_detail") + f"?theme={filter_world.pk}&rag=red"))
    assert (field_value(soup, "theme"), field_value(soup, "rag")) == (str(filter_world.pk), "red")


def test_plan_filter_rag_choices_are_the_partnerships_scale(coordinator, world, filter_world):
    soup = soup_of(coordinator.get(plan_url(world, "plan_detail")))
    options = soup.find("select", attrs={"name": "rag"}).find_all("option")
    assert [o.get_text(strip=True) for o in options] == ["Any status", "Red", "Amber", "Green"]


def test_plan_filter_with_a_theme_of_another_plan_shows_no_foreign_rows(coordinator, world, filter_world):
    foreign_theme = world.other_plan.themes.get()
    assert shown_rows(coordinator, world, f"?theme={foreign_theme.pk}") <= ALL_ROWS


def test_plan_filter_with_an_unknown_rag_code_does_not_fail(coordinator, world, filter_world):
    assert coordinator.get(plan_url(world, "plan_detail") + "?rag=purple").status_code == 200


# --- the RAG key and status tags ----------------------------------------------------------


def rag_key(soup: BeautifulSoup) -> dict[str, str]:
    details = next(d for d in soup.find_all("details") if d.summary.get_text(strip=True) == "RAG key")
    return {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in details.select(".govuk-summary-list__row")
    }


def test_rag_key_shows_the_partnerships_own_meanings(coordinator, world):
    world.partnership.rag_statuses.filter(code="red").update(meaning="Board must act this quarter")
    soup = soup_of(coordinator.get(plan_url(world, "plan_detail")))
    assert rag_key(soup)["Red"] == "Board must act this quarter"


def test_rag_key_lists_only_the_partnerships_statuses(coordinator, world):
    world.other_partnership.rag_statuses.filter(code="red").update(meaning="Other meaning")
    soup = soup_of(coordinator.get(plan_url(world, "plan_detail")))
    assert list(rag_key(soup)) == ["Red", "Amber", "Green"]
    assert "Other meaning" not in rag_key(soup).values()


def test_rag_key_on_the_partnership_page_shows_the_meanings(coordinator, world):
    world.partnership.rag_statuses.filter(code="amber").update(meaning="Slipping")
    soup = soup_of(coordinator.get(reverse("partnership_detail", args=[world.partnership.slug])))
    assert rag_key(soup)["Amber"] == "Slipping"


@pytest.mark.parametrize("page", ["plan_detail", "action_detail", "home", "partnership_detail"])
def test_status_tags_always_contain_words(client, world, filter_world, page):
    client.force_login(world.users["lead"])
    ExpectedOutcome.objects.create(action=world.action, number=1, text="Safer", status=world.rag("amber"))
    ExpectedOutcome.objects.create(action=world.action, number=2, text="Heard")
    url = {
        "plan_detail": plan_url(world, "plan_detail"),
        "action_detail": plan_url(world, "action_detail", world.action.pk),
        "home": reverse("home"),
        "partnership_detail": reverse("partnership_detail", args=[world.partnership.slug]),
    }[page]
    tags = soup_of(client.get(url)).select(".govuk-tag")
    assert tags
    assert all(tag.get_text(strip=True) for tag in tags)


def test_row_without_update_is_tagged_in_words(coordinator, world):
    soup = soup_of(coordinator.get(plan_url(world, "action_detail", world.action.pk)))
    tags = {tag.get_text(strip=True) for tag in soup.select(".csp-rag--none")}
    assert tags == {"No status yet"}


def test_status_tag_carries_the_class_the_stylesheet_colours(coordinator, world, filter_world):
    soup = soup_of(coordinator.get(plan_url(world, "plan_detail") + "?rag=red"))
    red = world.rag("red")
    tags = [t for t in soup.select("table .govuk-tag") if t.get_text(strip=True) == "Red"]
    assert tags
    assert all(f"csp-rag-{red.pk}" in t["class"] for t in tags)


def test_overridden_status_says_so_in_words(coordinator, world):
    world.action.rag_override = world.rag("amber")
    world.action.rag_override_reason = "Staffing gap"
    world.action.save()
    soup = soup_of(coordinator.get(plan_url(world, "action_detail", world.action.pk)))
    status = soup.find(lambda tag: tag.name == "p" and tag.get_text().startswith("Action status"))
    text = status.get_text(" ", strip=True)
    assert "Amber" in text and "(overridden)" in text and "Staffing gap" in text


# --- history ------------------------------------------------------------------------------


def test_editing_an_action_records_history_with_the_coordinator(coordinator, world):
    before = world.action.history.count()
    data = action_data(world, reference="1.1", title="Support victims of domestic abuse")
    coordinator.post(plan_url(world, "action_update", world.action.pk), data)
    latest = world.action.history.first()
    assert world.action.history.count() == before + 1
    assert latest.history_user == world.users["coordinator"]


def test_action_history_keeps_the_old_title(coordinator, world):
    data = action_data(world, reference="1.1", title="Support victims of domestic abuse")
    coordinator.post(plan_url(world, "action_update", world.action.pk), data)
    titles = [record.title for record in world.action.history.order_by("history_date")]
    assert titles[-2:] == ["Support victims", "Support victims of domestic abuse"]


def test_creating_a_theme_records_history_with_the_coordinator(coordinator, world):
    coordinator.post(plan_url(world, "theme_create"), {"number": "2", "title": "Anti-social behaviour"})
    theme = Theme.objects.get(plan=world.plan, number="2")
    record = theme.history.get()
    assert (record.history_type, record.history_user) == ("+", world.users["coordinator"])


def test_lead_officer_row_edit_records_history_with_the_lead(client, world):
    client.force_login(world.users["lead"])
    data = {"description": "IDVA service v2", "target_text": "", "milestone": "", "revision": 1}
    client.post(action_url(world, "row_update", world.row_a.pk), data)
    assert world.row_a.history.first().history_user == world.users["lead"]


def test_saved_message_is_shown_after_editing(coordinator, world):
    data = action_data(world, reference="1.1")
    response = coordinator.post(plan_url(world, "action_update", world.action.pk), data, follow=True)
    banner = soup_of(response).select_one(".govuk-notification-banner__heading")
    assert banner.get_text(strip=True) == "Action saved."


def test_cancel_link_of_an_action_edit_goes_back_to_the_action(coordinator, world):
    soup = soup_of(coordinator.get(plan_url(world, "action_update", world.action.pk)))
    cancel = soup.find("a", string="Cancel")
    assert cancel["href"] == plan_url(world, "action_detail", world.action.pk)
