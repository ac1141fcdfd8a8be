"""Who may open and submit every page, enumerated from the URLconf so no view can escape.

Roles come from the `world` fixture: anonymous, viewer, lead (leads row A), lead2 (leads row B),
coordinator, and outsider (coordinator of another partnership only).
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.base import ContentFile
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, reverse

from csp_tracker import urls as root_urls
from indicators.models import Indicator, IndicatorValue
from partners.models import GlossaryTerm, Membership, Organisation, Person, RagStatus
from plans.models import (
    Action,
    ExpectedOutcome,
    OutcomeProgress,
    Plan,
    ProgressUpdate,
    ProjectRow,
    SentEmail,
    Target,
    TargetFigure,
    Theme,
    UpdateRound,
)
from reports.models import ReportFile
from tests import factories
from tests.accounts.test_permissions import ROUTES as ACCOUNT_ROUTES  # its own matrix
from tests.api.test_permissions import ROUTES as API_ROUTES  # its own matrix
from tests.assessments.test_permissions import ROUTES as ASSESSMENT_ROUTES  # its own matrix
from tests.dhr.test_permissions import ROUTES as DHR_ROUTES  # its own matrix, with DHR-cleared roles
from tests.indicators.test_permissions import MATRIX as INDICATOR_MATRIX  # its own matrix
from tests.plans.test_budget_permissions import ROUTES as MONEY_ROUTES  # its own matrix
from tests.public.test_permissions import ROUTES as PUBLIC_ROUTES  # its own matrix
from tests.reports.test_permissions import ROUTES as REPORT_ROUTES  # its own matrix

SKIPPED_PREFIXES = ("admin/", "accounts/", "rag.css")
ROLES = ["anonymous", "viewer", "lead", "lead2", "coordinator", "outsider"]
MEMBERS = ["viewer", "lead", "lead2", "coordinator"]


# --- the URLconf --------------------------------------------------------------------------


def named_routes(patterns=None, prefix: str = "") -> dict[str, str]:
    """Every named route of the URLconf (recursing into includes) as name -> route text."""
    found: dict[str, str] = {}
    for entry in root_urls.urlpatterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            found.update(named_routes(entry.url_patterns, route))
        elif isinstance(entry, URLPattern) and entry.name:
            found[entry.name] = route
    return found


# --- the matrix ---------------------------------------------------------------------------

# Who gets 200 from a GET; every other member gets 403. Outsiders get 404 under /p/home/.
EVERYONE_LOGGED_IN = {"viewer", "lead", "lead2", "coordinator", "outsider"}
ALL_MEMBERS = {"viewer", "lead", "lead2", "coordinator"}
COORDINATOR = {"coordinator"}
ROW_A_EDITORS = {"coordinator", "lead"}


@dataclass(frozen=True)
class Route:
    allowed: frozenset[str]
    under_partnership: bool = True
    is_form: bool = False
    allowed_get_status: int = 200  # a POST-only view answers 405 to a GET it would allow
    denied_status: int = 403  # a requester's own file is "not found" for everyone else


MATRIX: dict[str, Route] = {
    "home": Route(frozenset(EVERYONE_LOGGED_IN), under_partnership=False),
    "partnership_detail": Route(frozenset(ALL_MEMBERS)),
    "plan_detail": Route(frozenset(ALL_MEMBERS)),
    "action_detail": Route(frozenset(ALL_MEMBERS)),
    "action_history": Route(frozenset(ALL_MEMBERS)),
    "organisation_create": Route(frozenset(COORDINATOR), is_form=True),
    "organisation_update": Route(frozenset(COORDINATOR), is_form=True),
    "person_create": Route(frozenset(COORDINATOR), is_form=True),
    "person_update": Route(frozenset(COORDINATOR), is_form=True),
    "membership_edit": Route(frozenset(COORDINATOR), is_form=True),
    "glossary_create": Route(frozenset(COORDINATOR), is_form=True),
    "glossary_update": Route(frozenset(COORDINATOR), is_form=True),
    "plan_create": Route(frozenset(COORDINATOR), is_form=True),
    "plan_update": Route(frozenset(COORDINATOR), is_form=True),
    "theme_create": Route(frozenset(COORDINATOR), is_form=True),
    "theme_update": Route(frozenset(COORDINATOR), is_form=True),
    "action_create": Route(frozenset(COORDINATOR), is_form=True),
    "action_update": Route(frozenset(COORDINATOR), is_form=True),
    "row_create": Route(frozenset(COORDINATOR), is_form=True),
    "row_update": Route(frozenset(ROW_A_EDITORS), is_form=True),
    "row_reopen": Route(frozenset(COORDINATOR), is_form=True, allowed_get_status=405),
    "outcome_create": Route(frozenset(COORDINATOR), is_form=True),
    "outcome_update": Route(frozenset(COORDINATOR), is_form=True),
    "target_create": Route(frozenset(ROW_A_EDITORS), is_form=True),
    "target_update": Route(frozenset(ROW_A_EDITORS), is_form=True),
    "update_form": Route(frozenset(ROW_A_EDITORS), is_form=True),
    "round_list": Route(frozenset(COORDINATOR), is_form=True),
    "round_detail": Route(frozenset(COORDINATOR)),
    "round_close": Route(frozenset(COORDINATOR), is_form=True, allowed_get_status=405),
    "round_remind": Route(frozenset(COORDINATOR), is_form=True, allowed_get_status=405),
    "update_review": Route(frozenset(COORDINATOR), is_form=True),
    "update_autosave": Route(frozenset(ROW_A_EDITORS), is_form=True, allowed_get_status=405),
    "update_withdraw": Route(frozenset(ROW_A_EDITORS), is_form=True, allowed_get_status=405),
    "email_log": Route(frozenset(COORDINATOR)),
    "audit_log": Route(frozenset(COORDINATOR)),
    "audit_log_csv": Route(frozenset(COORDINATOR)),
    "plan_import": Route(frozenset(COORDINATOR), is_form=True),
    # An import token lives in the uploader's session: an unknown one is "not found" even for them.
    "plan_import_preview": Route(frozenset(COORDINATOR), is_form=True, allowed_get_status=404),
    "plan_carry_over": Route(frozenset(COORDINATOR), is_form=True),
    "plan_dashboard": Route(frozenset(ALL_MEMBERS)),
    "search": Route(frozenset(ALL_MEMBERS)),
    "indicator_dashboard": Route(frozenset(ALL_MEMBERS)),
    "indicator_detail": Route(frozenset(ALL_MEMBERS)),
    "indicator_create": Route(frozenset(COORDINATOR), is_form=True),
    "indicator_update": Route(frozenset(COORDINATOR), is_form=True),
    "indicator_value_create": Route(frozenset(COORDINATOR), is_form=True),
    "indicator_value_update": Route(frozenset(COORDINATOR), is_form=True),
    "indicator_values_upload": Route(frozenset(COORDINATOR), is_form=True),
    "plan_xlsx": Route(frozenset(ALL_MEMBERS)),
    "plan_csv": Route(frozenset(ALL_MEMBERS)),
    "delivery_plan_pdf": Route(frozenset(ALL_MEMBERS), is_form=True, allowed_get_status=405),
    # The report file fixture was requested by the coordinator.
    "report_file_detail": Route(frozenset(COORDINATOR), denied_status=404),
    "report_file_download": Route(frozenset(COORDINATOR), denied_status=404),
    # POST only (a button on the report page); posting someone else's report is "not found"
    # (tests/reports/test_retention.py).
    "report_file_again": Route(frozenset(ALL_MEMBERS), allowed_get_status=405),
}
FORM_ROUTES = sorted(name for name, route in MATRIX.items() if route.is_form)
FORM_ROUTES_FORBIDDEN_TO_VIEWER = [name for name in FORM_ROUTES if "viewer" not in MATRIX[name].allowed]


def expected_status(route: Route, role: str) -> int:
    if role == "anonymous":
        return 302
    if role == "outsider" and route.under_partnership:
        return 404
    return route.allowed_get_status if role in route.allowed else route.denied_status


CASES = [(name, role, expected_status(MATRIX[name], role)) for name in sorted(MATRIX) for role in ROLES]


# --- objects to build URLs from -----------------------------------------------------------


@pytest.fixture
def objects(world, settings, tmp_path):
    """One of everything an edit URL needs, all in `home`; the target, outcome and update hang off
    row A; the plan has an open update round."""
    settings.MEDIA_ROOT = tmp_path
    update_round = UpdateRound.objects.create(
        plan=world.plan, year=2025, quarter=2, due_date=datetime.date(2025, 10, 15)
    )
    indicator = Indicator.objects.create(partnership=world.partnership, name="KSI casualties")
    report_file = ReportFile(
        partnership=world.partnership,
        plan=world.plan,
        kind=ReportFile.Kind.DELIVERY_PLAN,
        requested_by=world.users["coordinator"],
        status=ReportFile.Status.DONE,
        filename="delivery-plan.pdf",
        content_type="application/pdf",
    )
    report_file.file.save("delivery-plan.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return {
        "indicator": indicator,
        "value": IndicatorValue.objects.create(
            indicator=indicator, period_start=datetime.date(2025, 4, 1), value=12
        ),
        "report_file": report_file,
        "target": factories.TargetFactory(row=world.row_a, description="Cases reviewed"),
        "outcome": ExpectedOutcome.objects.create(action=world.action, number=1, text="Victims safer"),
        "term": GlossaryTerm.objects.create(
            partnership=world.partnership, acronym="IDVA", meaning="Independent Domestic Violence Adviser"
        ),
        "theme": world.action.theme,
        "round": update_round,
        "update": factories.ProgressUpdateFactory(
            row=world.row_a, round=update_round, status=ProgressUpdate.Status.SUBMITTED
        ),
    }


def url_for(name: str, world, objects) -> str:
    slug, plan, action, row = world.partnership.slug, world.plan.pk, world.action.pk, world.row_a.pk
    args = {
        "home": [],
        "partnership_detail": [slug],
        "organisation_create": [slug],
        "organisation_update": [slug, world.police.pk],
        "person_create": [slug],
        "person_update": [slug, world.lead_person.pk],
        "membership_edit": [slug, world.lead_person.pk],
        "glossary_create": [slug],
        "glossary_update": [slug, objects["term"].pk],
        "plan_create": [slug],
        "plan_detail": [slug, plan],
        "plan_update": [slug, plan],
        "theme_create": [slug, plan],
        "theme_update": [slug, plan, objects["theme"].pk],
        "action_create": [slug, plan],
        "action_detail": [slug, plan, action],
        "action_history": [slug, plan, action],
        "action_update": [slug, plan, action],
        "row_create": [slug, plan, action],
        "row_update": [slug, plan, action, row],
        "row_reopen": [slug, plan, action, row],
        "outcome_create": [slug, plan, action],
        "outcome_update": [slug, plan, action, objects["outcome"].pk],
        "target_create": [slug, plan, action, row],
        "target_update": [slug, plan, action, row, objects["target"].pk],
        "update_form": [slug, plan, row],
        "round_list": [slug, plan],
        "round_detail": [slug, plan, objects["round"].pk],
        "round_close": [slug, plan, objects["round"].pk],
        "round_remind": [slug, plan, objects["round"].pk],
        "update_review": [slug, plan, objects["update"].pk],
        "update_autosave": [slug, plan, row],
        "update_withdraw": [slug, plan, objects["update"].pk],
        "email_log": [slug],
        "audit_log": [slug],
        "audit_log_csv": [slug],
        "plan_import": [slug],
        "plan_import_preview": [slug, "no-such-token"],
        "plan_carry_over": [slug, plan],
        "plan_dashboard": [slug, plan],
        "search": [slug],
        "indicator_dashboard": [slug],
        "indicator_detail": [slug, objects["indicator"].pk],
        "indicator_create": [slug],
        "indicator_update": [slug, objects["indicator"].pk],
        "indicator_value_create": [slug, objects["indicator"].pk],
        "indicator_value_update": [slug, objects["indicator"].pk, objects["value"].pk],
        "indicator_values_upload": [slug, objects["indicator"].pk],
        "plan_xlsx": [slug, plan],
        "plan_csv": [slug, plan],
        "delivery_plan_pdf": [slug, plan],
        "report_file_detail": [slug, objects["report_file"].pk],
        "report_file_download": [slug, objects["report_file"].pk],
        "report_file_again": [slug, objects["report_file"].pk],
    }[name]
    return reverse(name, args=args)


def login_as(client, world, role: str) -> None:
    if role != "anonymous":
        client.force_login(world.users[role])


# --- the matrix tests ---------------------------------------------------------------------


def test_matrix_covers_every_named_route_in_the_urlconf():
    covered = set(MATRIX) | set(INDICATOR_MATRIX) | set(REPORT_ROUTES) | set(PUBLIC_ROUTES) | set(API_ROUTES)
    covered |= set(MONEY_ROUTES) | set(DHR_ROUTES) | set(ASSESSMENT_ROUTES) | set(ACCOUNT_ROUTES)
    assert covered == set(named_routes())


def test_every_route_below_a_partnership_is_marked_so():
    routes = named_routes()
    for name, route in MATRIX.items():
        assert route.under_partnership == routes[name].startswith("p/<slug:slug>/"), name


@pytest.mark.parametrize(("name", "role", "status"), CASES)
def test_get_status_per_role(client, world, objects, name, role, status):
    login_as(client, world, role)
    assert client.get(url_for(name, world, objects)).status_code == status


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_get_redirects_to_login_with_next(client, world, objects, name):
    url = url_for(name, world, objects)
    response = client.get(url)
    location = urlsplit(response["Location"])
    assert location.path == resolve_url(settings.LOGIN_URL)
    assert parse_qs(location.query)["next"] == [url]


@pytest.mark.parametrize("name", sorted(n for n, r in MATRIX.items() if r.under_partnership))
def test_outsider_sees_the_not_found_page_not_the_partnership(client, world, objects, name):
    login_as(client, world, "outsider")
    soup = BeautifulSoup(client.get(url_for(name, world, objects)).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert world.partnership.name not in soup.get_text()


@pytest.mark.parametrize(
    ("name", "role"),
    [(n, r) for n, r, status in CASES if status == 403],
)
def test_forbidden_page_explains_itself(client, world, objects, name, role):
    login_as(client, world, role)
    soup = BeautifulSoup(client.get(url_for(name, world, objects)).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "You cannot do that"


# --- POSTs that must change nothing -------------------------------------------------------

WATCHED_MODELS = [
    Organisation,
    Person,
    Membership,
    GlossaryTerm,
    RagStatus,
    Plan,
    Theme,
    Action,
    ProjectRow,
    ExpectedOutcome,
    Target,
    ProjectRow.lead_people.through,
    ProjectRow.lead_organisations.through,
    UpdateRound,
    ProgressUpdate,
    TargetFigure,
    OutcomeProgress,
    SentEmail,
    Indicator,
    IndicatorValue,
    ReportFile,
]


def snapshot() -> dict:
    """Everything a form could change, as plain values."""
    return {model.__name__: sorted(map(repr, model.objects.values_list())) for model in WATCHED_MODELS} | {
        "users": sorted(map(repr, Membership._meta.get_field("user").related_model.objects.values_list()))
    }


def hostile_post_data(world) -> dict:
    """Valid-looking values for every field of every form, so only permission can stop them."""
    rag = world.rag("red")
    return {
        "title": "Hijacked",
        "kind": "annual",
        "status": "live",
        "start_date": "2025-04-01",
        "end_date": "2026-03-31",
        "number": "7",
        "theme": world.action.theme_id,
        "reference": "7.7",
        "description": "Hijacked",
        "target_text": "Hijacked",
        "milestone": "Hijacked",
        "lead_people": [world.lead2_person.pk],
        "lead_organisations": [world.council.pk],
        "text": "Hijacked",
        "short_name": "HIJ",
        "name": "Hijacked",
        "email": "hijack@example.org",
        "acronym": "HIJ",
        "meaning": "Hijacked",
        "role": "coordinator",
        "can_see_dhr": "on",
        "rag_override": rag.pk,
        "rag_override_reason": "Hijacked",
        "target_value": "1",
        "revision": ProjectRow.objects.get(pk=world.row_a.pk).revision,
        "narrative": "Hijacked",
        "comment": "Hijacked",
        "accept": "Accept",
    }


ROUTE_POST_OVERRIDES = {
    "organisation_create": {"kind": "statutory"},
    "organisation_update": {"kind": "statutory"},
    "outcome_create": {"status": ""},
    "outcome_update": {"status": ""},
    "target_create": {"kind": "numeric", "direction": "higher"},
    "target_update": {"kind": "numeric", "direction": "higher"},
}


def post_data_for(name: str, world) -> dict:
    return hostile_post_data(world) | ROUTE_POST_OVERRIDES.get(name, {})


@pytest.mark.parametrize("name", FORM_ROUTES_FORBIDDEN_TO_VIEWER)
def test_viewer_post_is_forbidden_and_changes_nothing(client, world, objects, name):
    login_as(client, world, "viewer")
    before = snapshot()
    response = client.post(url_for(name, world, objects), post_data_for(name, world))
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("name", FORM_ROUTES)
def test_outsider_post_is_not_found_and_changes_nothing(client, world, objects, name):
    login_as(client, world, "outsider")
    before = snapshot()
    response = client.post(url_for(name, world, objects), post_data_for(name, world))
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", FORM_ROUTES)
def test_anonymous_post_redirects_to_login_and_changes_nothing(client, world, objects, name):
    before = snapshot()
    response = client.post(url_for(name, world, objects), post_data_for(name, world))
    assert response.status_code == 302
    assert snapshot() == before


@pytest.mark.parametrize("name", ["row_update", "target_create", "target_update"])
def test_lead_of_another_row_cannot_post_to_row_a(client, world, objects, name):
    login_as(client, world, "lead2")
    before = snapshot()
    response = client.post(url_for(name, world, objects), post_data_for(name, world))
    assert response.status_code == 403
    assert snapshot() == before


def test_lead_of_row_a_can_post_to_row_a(client, world, objects):
    login_as(client, world, "lead")
    url = url_for("row_update", world, objects)
    data = {"description": "IDVA service, extended", "target_text": "", "milestone": "", "revision": 1}
    response = client.post(url, data)
    assert response.status_code == 302
    world.row_a.refresh_from_db()
    assert world.row_a.description == "IDVA service, extended"


def test_lead_of_row_a_cannot_post_to_row_b(client, world):
    login_as(client, world, "lead")
    row_b = world.row_b
    url = reverse("row_update", args=[world.partnership.slug, world.plan.pk, world.action.pk, row_b.pk])
    data = {"description": "Taken over", "target_text": "", "milestone": "", "revision": 1}
    response = client.post(url, data)
    assert response.status_code == 403
    row_b.refresh_from_db()
    assert row_b.description == "Awareness campaign"


def test_lead_cannot_reassign_leads_by_posting_lead_fields(client, world, objects):
    login_as(client, world, "lead")
    data = {
        "description": "IDVA service",
        "target_text": "",
        "milestone": "",
        "lead_people": [world.lead2_person.pk],
        "lead_organisations": [world.council.pk],
        "revision": 1,
    }
    assert client.post(url_for("row_update", world, objects), data).status_code == 302
    assert set(world.row_a.lead_people.all()) == {world.lead_person}
    assert set(world.row_a.lead_organisations.all()) == {world.police}


# --- tenant isolation: ids typed into another partnership's URLs --------------------------


@pytest.fixture
def outsider_world(world):
    """What the outsider legitimately has: their own plan, action and row."""
    other_action = world.other_plan.actions.get()
    other_row = factories.ProjectRowFactory(action=other_action)
    return world.other_partnership.slug, world.other_plan, other_action, other_row


def test_outsider_cannot_open_home_plan_under_their_own_slug(client, world, outsider_world):
    login_as(client, world, "outsider")
    slug = outsider_world[0]
    assert client.get(reverse("plan_detail", args=[slug, world.plan.pk])).status_code == 404


def test_outsider_can_open_their_own_plan(client, world, outsider_world):
    login_as(client, world, "outsider")
    slug, plan, _, _ = outsider_world
    assert client.get(reverse("plan_detail", args=[slug, plan.pk])).status_code == 200


def test_outsider_cannot_open_home_action_under_their_own_plan(client, world, outsider_world):
    login_as(client, world, "outsider")
    slug, plan, _, _ = outsider_world
    url = reverse("action_detail", args=[slug, plan.pk, world.action.pk])
    assert client.get(url).status_code == 404


def test_action_of_another_plan_in_the_same_partnership_is_not_found(client, world):
    second_plan = factories.PlanFactory(partnership=world.partnership, title="Second plan")
    login_as(client, world, "coordinator")
    url = reverse("action_detail", args=[world.partnership.slug, second_plan.pk, world.action.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["action_update", "row_create", "outcome_create"],
)
def test_outsider_cannot_reach_home_action_pages_through_their_own_plan(client, world, outsider_world, name):
    login_as(client, world, "outsider")
    slug, plan, _, _ = outsider_world
    assert client.get(reverse(name, args=[slug, plan.pk, world.action.pk])).status_code == 404


@pytest.mark.parametrize("name", ["row_update", "target_create"])
def test_outsider_cannot_reach_home_row_through_their_own_action(client, world, outsider_world, name):
    login_as(client, world, "outsider")
    slug, plan, action, _ = outsider_world
    assert client.get(reverse(name, args=[slug, plan.pk, action.pk, world.row_a.pk])).status_code == 404


def test_outsider_cannot_reach_home_target_through_their_own_row(client, world, objects, outsider_world):
    login_as(client, world, "outsider")
    slug, plan, action, row = outsider_world
    url = reverse("target_update", args=[slug, plan.pk, action.pk, row.pk, objects["target"].pk])
    assert client.get(url).status_code == 404


def test_outsider_cannot_reach_home_outcome_through_their_own_action(client, world, objects, outsider_world):
    login_as(client, world, "outsider")
    slug, plan, action, _ = outsider_world
    url = reverse("outcome_update", args=[slug, plan.pk, action.pk, objects["outcome"].pk])
    assert client.get(url).status_code == 404


def test_outsider_cannot_reach_home_theme_through_their_own_plan(client, world, objects, outsider_world):
    login_as(client, world, "outsider")
    slug, plan, _, _ = outsider_world
    url = reverse("theme_update", args=[slug, plan.pk, objects["theme"].pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("organisation_update", "organisation"),
        ("person_update", "person"),
        ("membership_edit", "person"),
        ("glossary_update", "term"),
    ],
)
def test_outsider_cannot_reach_home_partnership_objects_under_their_own_slug(
    client, world, objects, name, key
):
    login_as(client, world, "outsider")
    pk = {"organisation": world.police.pk, "person": world.lead_person.pk, "term": objects["term"].pk}[key]
    assert client.get(reverse(name, args=[world.other_partnership.slug, pk])).status_code == 404


def test_outsider_post_of_home_plan_under_their_own_slug_changes_nothing(client, world, outsider_world):
    login_as(client, world, "outsider")
    slug = outsider_world[0]
    before = snapshot()
    response = client.post(reverse("plan_update", args=[slug, world.plan.pk]), hostile_post_data(world))
    assert response.status_code == 404
    assert snapshot() == before


def test_row_of_another_action_is_not_found_under_this_action(client, world):
    second_action = factories.ActionFactory(plan=world.plan, theme=world.action.theme, reference="1.2")
    login_as(client, world, "coordinator")
    url = reverse(
        "row_update", args=[world.partnership.slug, world.plan.pk, second_action.pk, world.row_a.pk]
    )
    assert client.get(url).status_code == 404


def test_target_of_another_row_is_not_found_under_row_a(client, world):
    target_b = factories.TargetFactory(row=world.row_b)
    login_as(client, world, "lead")
    slug, plan, action = world.partnership.slug, world.plan.pk, world.action.pk
    url = reverse("target_update", args=[slug, plan, action, world.row_a.pk, target_b.pk])
    assert client.get(url).status_code == 404


def test_outcome_of_another_action_is_not_found_under_this_action(client, world):
    second_action = factories.ActionFactory(plan=world.plan, theme=world.action.theme, reference="1.2")
    outcome = ExpectedOutcome.objects.create(action=second_action, number=1, text="Elsewhere")
    login_as(client, world, "coordinator")
    url = reverse("outcome_update", args=[world.partnership.slug, world.plan.pk, world.action.pk, outcome.pk])
    assert client.get(url).status_code == 404


def test_outsider_cannot_write_an_update_on_a_home_row_through_their_own_plan(client, world, outsider_world):
    login_as(client, world, "outsider")
    slug, plan, _, _ = outsider_world
    assert client.get(reverse("update_form", args=[slug, plan.pk, world.row_a.pk])).status_code == 404


@pytest.mark.parametrize(("name", "key"), [("round_detail", "round"), ("update_review", "update")])
def test_outsider_cannot_reach_home_rounds_and_updates_through_their_own_plan(
    client, world, objects, outsider_world, name, key
):
    login_as(client, world, "outsider")
    slug, plan, _, _ = outsider_world
    assert client.get(reverse(name, args=[slug, plan.pk, objects[key].pk])).status_code == 404


def test_outsider_cannot_close_a_home_round_through_their_own_plan(client, world, objects, outsider_world):
    login_as(client, world, "outsider")
    slug, plan, _, _ = outsider_world
    response = client.post(reverse("round_close", args=[slug, plan.pk, objects["round"].pk]))
    assert response.status_code == 404
    objects["round"].refresh_from_db()
    assert objects["round"].is_open


def test_row_of_another_plan_is_not_found_in_this_plans_update_form(client, world):
    second_plan = factories.PlanFactory(partnership=world.partnership, title="Second plan")
    login_as(client, world, "coordinator")
    url = reverse("update_form", args=[world.partnership.slug, second_plan.pk, world.row_a.pk])
    assert client.get(url).status_code == 404


def test_update_of_another_plan_is_not_found_in_this_plans_review(client, world, objects):
    second_plan = factories.PlanFactory(partnership=world.partnership, title="Second plan")
    login_as(client, world, "coordinator")
    url = reverse("update_review", args=[world.partnership.slug, second_plan.pk, objects["update"].pk])
    assert client.get(url).status_code == 404


def test_unknown_partnership_slug_is_not_found(client, world):
    login_as(client, world, "coordinator")
    assert client.get(reverse("partnership_detail", args=["no-such-csp"])).status_code == 404


# --- the home page ------------------------------------------------------------------------


def my_rows(client) -> list[str]:
    soup = BeautifulSoup(client.get(reverse("home")).content, "html.parser")
    listing = soup.find(attrs={"data-testid": "my-actions"})
    if listing is None:
        return []
    return [tr.find_all("td")[1].get_text(strip=True) for tr in listing.select("tbody tr")]


def my_partnerships(client) -> list[str]:
    soup = BeautifulSoup(client.get(reverse("home")).content, "html.parser")
    return [h3.get_text(strip=True) for h3 in soup.select(".govuk-summary-card__title")]


def test_home_redirects_anonymous_to_login(client, world):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


def test_home_lists_the_lead_officers_row_only(client, world):
    login_as(client, world, "lead")
    assert my_rows(client) == ["IDVA service"]


def test_home_lists_the_second_lead_officers_row_only(client, world):
    login_as(client, world, "lead2")
    assert my_rows(client) == ["Awareness campaign"]


@pytest.mark.parametrize("role", ["coordinator", "viewer", "outsider"])
def test_home_lists_no_rows_for_someone_leading_none(client, world, role):
    login_as(client, world, role)
    assert my_rows(client) == []


def test_home_lists_the_users_partnerships_only(client, world):
    login_as(client, world, "outsider")
    assert my_partnerships(client) == ["Other CSP"]


def test_home_lists_home_partnership_for_its_members(client, world):
    login_as(client, world, "viewer")
    assert my_partnerships(client) == ["Home CSP"]


def test_home_hides_rows_of_a_partnership_the_user_has_left(client, world):
    Membership.objects.filter(user=world.users["lead"]).delete()
    login_as(client, world, "lead")
    assert my_rows(client) == []


def test_home_hides_rows_of_archived_plans(client, world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.ARCHIVED)
    login_as(client, world, "lead")
    assert my_rows(client) == []


def test_home_offers_no_update_link_to_a_viewer_named_as_a_row_lead(client, world):
    UpdateRound.objects.create(plan=world.plan, year=2025, quarter=2, due_date=datetime.date(2025, 10, 15))
    Membership.objects.filter(user=world.users["lead"]).update(role=Membership.Role.VIEWER)
    login_as(client, world, "lead")
    forbidden = [link for link in edit_links(client, reverse("home")) if client.get(link).status_code != 200]
    assert forbidden == []


def test_home_offers_the_update_link_to_the_lead_officer(client, world):
    UpdateRound.objects.create(plan=world.plan, year=2025, quarter=2, due_date=datetime.date(2025, 10, 15))
    login_as(client, world, "lead")
    update_url = reverse("update_form", args=[world.partnership.slug, world.plan.pk, world.row_a.pk])
    assert update_url in edit_links(client, reverse("home"))


# --- rag.css ------------------------------------------------------------------------------

RAG_CLASS = re.compile(r"\.csp-rag-(\d+)\b")


def stylesheet_classes(client) -> set[int]:
    response = client.get(reverse("rag_css"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    return {int(pk) for pk in RAG_CLASS.findall(response.content.decode())}


def test_rag_stylesheet_is_empty_for_anonymous(client, world):
    response = client.get(reverse("rag_css"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response.content == b""


@pytest.mark.parametrize("role", MEMBERS)
def test_rag_stylesheet_has_exactly_the_members_partnership_statuses(client, world, role):
    login_as(client, world, role)
    assert stylesheet_classes(client) == set(world.partnership.rag_statuses.values_list("pk", flat=True))


def test_rag_stylesheet_of_outsider_has_only_their_partnership_statuses(client, world):
    login_as(client, world, "outsider")
    assert stylesheet_classes(client) == set(
        world.other_partnership.rag_statuses.values_list("pk", flat=True)
    )


def test_rag_stylesheet_of_a_member_of_two_partnerships_has_both_scales(client, world):
    Membership.objects.create(
        user=world.users["viewer"], partnership=world.other_partnership, role=Membership.Role.VIEWER
    )
    login_as(client, world, "viewer")
    both = RagStatus.objects.filter(partnership__in=[world.partnership, world.other_partnership])
    assert stylesheet_classes(client) == set(both.values_list("pk", flat=True))


def test_rag_stylesheet_uses_the_statuses_own_colours(client, world):
    red = world.rag("red")
    RagStatus.objects.filter(pk=red.pk).update(colour="#123456", text_colour="#fedcba")
    login_as(client, world, "viewer")
    css = client.get(reverse("rag_css")).content.decode()
    rule = re.search(rf"\.csp-rag-{red.pk}\s*\{{([^}}]*)\}}", css).group(1)
    assert "#123456" in rule
    assert "#fedcba" in rule


def test_rag_stylesheet_is_private_to_the_user(client, world):
    login_as(client, world, "viewer")
    assert "private" in client.get(reverse("rag_css"))["Cache-Control"]


# --- rules, as used by templates: buttons only for those allowed --------------------------


def edit_links(client, url: str) -> set[str]:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    main = soup.find("main")
    return {a["href"] for a in main.find_all("a", href=True)}


@pytest.mark.parametrize("role", ["viewer", "lead", "lead2"])
def test_action_page_shows_management_links_only_to_the_coordinator(client, world, objects, role):
    login_as(client, world, role)
    links = edit_links(client, url_for("action_detail", world, objects))
    assert (
        reverse("action_update", args=[world.partnership.slug, world.plan.pk, world.action.pk]) not in links
    )
    assert reverse("row_create", args=[world.partnership.slug, world.plan.pk, world.action.pk]) not in links


def test_action_page_shows_row_a_edit_link_to_its_lead_only(client, world, objects):
    slug, plan, action = world.partnership.slug, world.plan.pk, world.action.pk
    row_a_edit = reverse("row_update", args=[slug, plan, action, world.row_a.pk])
    row_b_edit = reverse("row_update", args=[slug, plan, action, world.row_b.pk])
    login_as(client, world, "lead")
    links = edit_links(client, url_for("action_detail", world, objects))
    assert row_a_edit in links
    assert row_b_edit not in links


def test_action_page_shows_no_row_edit_links_to_a_viewer(client, world, objects):
    login_as(client, world, "viewer")
    links = edit_links(client, url_for("action_detail", world, objects))
    assert not any("/rows/" in link for link in links)


@pytest.mark.parametrize("role", ["viewer", "lead", "lead2", "coordinator"])
def test_people_emails_are_shown_to_every_member_to_get_in_touch(client, world, role):
    login_as(client, world, role)
    soup = BeautifulSoup(client.get(url_for_partnership(world)).content, "html.parser")
    assert soup.find("a", href=f"mailto:{world.lead_person.email}")


def url_for_partnership(world) -> str:
    return reverse("partnership_detail", args=[world.partnership.slug])


def test_every_link_a_role_is_shown_on_the_main_pages_opens_for_that_role(client, world, objects):
    """A page never offers a link that then answers 403."""
    for role in MEMBERS:
        client.logout()
        login_as(client, world, role)
        for name in ["home", "partnership_detail", "plan_detail", "action_detail"]:
            for link in edit_links(client, url_for(name, world, objects)):
                path = urlsplit(link).path
                if not path.startswith("/p/"):
                    continue
                assert client.get(link).status_code == 200, (role, link)


def test_snapshot_notices_a_write(world):
    """The POST tests rely on the snapshot noticing writes; make sure it does."""
    before = snapshot()
    world.row_a.lead_people.add(world.lead2_person)
    assert snapshot() != before


# Their valid data needs workflow state (an open round's quarter, a draft's state token);
# tests/plans/test_update_workflow.py covers their successful POSTs.
# So do the import, indicator and report forms: their own test modules cover successful POSTs.
NOT_SANITY_CHECKED = {
    "update_form",
    "update_autosave",
    "round_list",
    "plan_import",
    "plan_import_preview",
    "plan_carry_over",
    "indicator_create",
    "indicator_update",
    "indicator_value_create",
    "indicator_value_update",
    "indicator_values_upload",
    "delivery_plan_pdf",
    # Queues the reminders for the worker once the request commits; that they are sent and
    # logged is tested in tests/plans/test_coordinator_home.py.
    "round_remind",
}


@pytest.mark.parametrize("name", sorted(set(FORM_ROUTES) - NOT_SANITY_CHECKED))
def test_the_refused_post_data_is_accepted_from_the_coordinator(client, world, objects, name):
    """So the refusals above are down to permission, not to invalid data."""
    login_as(client, world, "coordinator")
    before = snapshot()
    response = client.post(url_for(name, world, objects), post_data_for(name, world))
    assert response.status_code == 302
    assert snapshot() != before


# --- bad input never becomes a server error -----------------------------------------------

JUNK_QUERY = "?theme=abc&organisation=abc&rag=%00&no_status=maybe&show=x&theme=99999999999999999999"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_junk_query_string_is_not_a_server_error(client, world, objects, name):
    client.raise_request_exception = False
    login_as(client, world, "coordinator")
    assert client.get(url_for(name, world, objects) + JUNK_QUERY).status_code < 500


@pytest.mark.parametrize("name", FORM_ROUTES)
def test_empty_post_is_not_a_server_error(client, world, objects, name):
    client.raise_request_exception = False
    login_as(client, world, "coordinator")
    assert client.post(url_for(name, world, objects), {}).status_code < 500


@pytest.mark.parametrize("name", FORM_ROUTES)
def test_oversized_post_is_not_a_server_error(client, world, objects, name):
    client.raise_request_exception = False
    login_as(client, world, "coordinator")
    data = {key: "x" * 20_000 for key in post_data_for(name, world)}
    assert client.post(url_for(name, world, objects), data).status_code < 500


# Import and carry-over pages: checked per role in tests/plans/importing/test_import_views.py.
MATRIX.update(
    {
        name: Route(frozenset(COORDINATOR), is_form=True)
        for name in ("plan_import", "plan_import_preview", "plan_carry_over")
    }
)
