"""Who may use every route of assessments/urls.py, role by role. `ROUTES` lists them all (a test
fails when one is added without a case); tests/plans/test_permissions.py counts them covered."""

import datetime

import pytest
from django.urls import reverse

from assessments import urls as assessment_urls
from assessments.calendar import calendar_feed_reset
from assessments.models import Duty, EmergingIssue, RecommendedPriority, ScanningRow, StrategicAssessment
from assessments.services import assessment_issue

MEMBERS = ["viewer", "lead", "lead2", "coordinator"]
ROLES = ["anonymous", "outsider", *MEMBERS]
C = ["coordinator"]

# route -> (method, the members who succeed, the status they get); other members get 403
ROUTES = {
    "assessment_list": ("get", MEMBERS, 200),
    "assessment_create": ("get", C, 200),
    "yearly_figures_upload": ("get", C, 200),
    "assessment_detail": ("get", C, 200),  # a draft: other members are told it does not exist
    "assessment_update": ("get", C, 200),
    "assessment_review_update": ("get", C, 200),
    "scanning_row_create": ("get", C, 200),
    "scanning_row_update": ("get", C, 200),
    "scanning_row_delete": ("post", C, 302),
    "emerging_issue_create": ("get", C, 200),
    "emerging_issue_update": ("get", C, 200),
    "recommendation_create": ("get", C, 200),
    "recommendation_update": ("get", C, 200),
    "recommendations_to_plan": ("post", C, 302),
    "emerging_issue_delete": ("post", C, 302),
    "recommendation_delete": ("post", C, 302),
    "assessment_issue": ("get", C, 200),
    "assessment_pdf": ("post", C, 302),  # a draft, as above: prepared, then its page
    "calendar": ("get", MEMBERS, 200),
    "duty_create": ("get", C, 200),
    "duty_update": ("get", C, 200),
    "duty_delete": ("post", C, 302),
    "duty_defaults": ("get", C, 200),
    "calendar_feed_reset": ("post", C, 302),
    "calendar_feed": ("get", [], 200),  # no login: the secret token is the key (see test_calendar)
}
NOT_FOUND_FOR_OTHER_MEMBERS = {"assessment_detail", "assessment_pdf"}


@pytest.fixture
def objects(world, assessment):
    row = ScanningRow.objects.create(assessment=assessment, topic="Crime")
    issue = EmergingIssue.objects.create(assessment=assessment, title="Vapes")
    recommendation = RecommendedPriority.objects.create(assessment=assessment, title="Scams")
    duty = Duty.objects.create(
        partnership=world.partnership, kind=Duty.Kind.OTHER, title="Duty", due_date=datetime.date(2027, 1, 1)
    )
    token = calendar_feed_reset(partnership=world.partnership)
    return {
        "assessment": assessment,
        "review": assessment.reviews.first(),
        "row": row,
        "issue": issue,
        "recommendation": recommendation,
        "duty": duty,
        "token": token,
    }


def url_for(name: str, objects) -> str:
    a = objects["assessment"].pk
    args: dict[str, list] = {
        "assessment_review_update": [a, objects["review"].pk],
        "scanning_row_update": [a, objects["row"].pk],
        "scanning_row_delete": [a, objects["row"].pk],
        "emerging_issue_update": [a, objects["issue"].pk],
        "emerging_issue_delete": [a, objects["issue"].pk],
        "recommendation_delete": [a, objects["recommendation"].pk],
        "recommendation_update": [a, objects["recommendation"].pk],
        "duty_update": [objects["duty"].pk],
        "duty_delete": [objects["duty"].pk],
        "calendar_feed": [objects["token"]],
    }
    if name in args:
        return reverse(name, args=["home", *args[name]])
    if name.startswith(("assessment_", "scanning_", "emerging_", "recommendation")) and name not in {
        "assessment_list",
        "assessment_create",
    }:
        return reverse(name, args=["home", a])
    return reverse(name, args=["home"])


def expected(name: str, role: str) -> int:
    _method, allowed, status = ROUTES[name]
    if name == "calendar_feed":
        return 200
    if role == "anonymous":
        return 302
    if role == "outsider":
        return 404
    if role in allowed:
        return status
    return 404 if name in NOT_FOUND_FOR_OTHER_MEMBERS else 403


CASES = [(name, role, expected(name, role)) for name in sorted(ROUTES) for role in ROLES]


def test_every_route_has_a_case():
    assert set(ROUTES) == {p.name for p in assessment_urls.urlpatterns}


@pytest.mark.parametrize(("name", "role", "status"), CASES)
def test_status_per_role(client, world, objects, name, role, status):
    if role != "anonymous":
        client.force_login(world.users[role])
    method = ROUTES[name][0]
    response = getattr(client, method)(url_for(name, objects))
    assert response.status_code == status


@pytest.mark.parametrize("role", MEMBERS)
def test_every_member_reads_an_issued_assessment(client, world, objects, role):
    assessment_issue(assessment=objects["assessment"], user=world.users["coordinator"])
    client.force_login(world.users[role])
    assert client.get(url_for("assessment_detail", objects)).status_code == 200
    listing = client.get(reverse("assessment_list", args=["home"]))
    assert objects["assessment"].title in listing.content.decode()


def test_a_draft_is_not_listed_for_other_members(client, world, objects):
    client.force_login(world.users["viewer"])
    assert (
        objects["assessment"].title
        not in client.get(reverse("assessment_list", args=["home"])).content.decode()
    )


FORMS = [
    name
    for name, (method, allowed, _s) in ROUTES.items()
    if method == "get" and allowed == C and name not in NOT_FOUND_FOR_OTHER_MEMBERS
]


POSTS = ["scanning_row_delete", "emerging_issue_delete", "recommendation_delete", "recommendations_to_plan"]


@pytest.mark.parametrize("name", [*FORMS, *POSTS, "duty_delete"])
@pytest.mark.parametrize("role", ["viewer", "outsider"])
def test_posts_by_others_change_nothing(client, world, objects, name, role):
    client.force_login(world.users[role])
    before = (
        StrategicAssessment.objects.filter(status="draft").count(),
        ScanningRow.objects.count(),
        EmergingIssue.objects.count(),
        RecommendedPriority.objects.count(),
        Duty.objects.count(),
        world.partnership.plans.count(),
    )
    response = client.post(url_for(name, objects), {"title": "Hostile", "topic": "Hostile", "confirm": "yes"})
    assert response.status_code == (404 if role == "outsider" else 403)
    after = (
        StrategicAssessment.objects.filter(status="draft").count(),
        ScanningRow.objects.count(),
        EmergingIssue.objects.count(),
        RecommendedPriority.objects.count(),
        Duty.objects.count(),
        world.partnership.plans.count(),
    )
    assert before == after
