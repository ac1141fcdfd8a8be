"""The public progress page: what it shows under each setting, its caching, the coordinator's
settings and preview."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.http import parse_http_date

from plans.models import ProgressUpdate, TargetFigure
from public.models import PublicationSettings
from public.services import plan_publish
from reports.models import ScrutinyReport
from tests import factories
from tests.test_export_cells import HOSTILE, REVEALED


@pytest.fixture
def progress(world):
    """Row A: accepted amber update with a reason, a risk and figures; a newer draft, submitted
    and returned update that the public must never see."""
    target = factories.TargetFactory(row=world.row_a, description="Cases reviewed", target_value=85)
    older = factories.ProgressUpdateFactory(row=world.row_a, period_quarter=1, rag=world.rag("green"))
    current = factories.ProgressUpdateFactory(
        row=world.row_a,
        period_quarter=2,
        rag=world.rag("amber"),
        rag_reason="Two posts vacant.",
        risk="Caseloads may rise.",
        narrative="Two of three advisers in post.",
    )
    TargetFigure.objects.create(update=older, target=target, value=80)
    TargetFigure.objects.create(update=current, target=target, value=86)
    world.row_a.current_update = current
    world.row_a.save(update_fields=["current_update"])
    for status in (
        ProgressUpdate.Status.DRAFT,
        ProgressUpdate.Status.SUBMITTED,
        ProgressUpdate.Status.RETURNED,
    ):
        factories.ProgressUpdateFactory(
            row=world.row_a,
            period_quarter=3,
            status=status,
            narrative=f"Unreviewed {status} text",
            review_comment="Reviewer's private note",
        )
    return current


def page(client, name: str, *args) -> BeautifulSoup:
    response = client.get(reverse(name, args=list(args)))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def action_page(client, world) -> BeautifulSoup:
    return page(client, "public_action", "home", world.plan.pk, world.action.pk)


def row_facts(soup: BeautifulSoup) -> dict[str, str]:
    section = soup.find(attrs={"data-testid": "public-row"})
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in section.find_all("dt")
    }


def test_the_plan_page_lists_themes_and_actions_with_their_status(client, world, progress):
    plan_publish(plan=world.plan)
    soup = page(client, "public_plan", "home", world.plan.pk)
    assert soup.h1.get_text(strip=True) == "Home Delivery Plan"
    action = soup.find(attrs={"data-testid": "public-action"})
    assert action.h3.get_text(" ", strip=True) == "1.1 Support victims"
    assert action.find(class_="csp-rag").get_text(strip=True) == "Amber"
    assert "Led by Testshire Police, Fictional District Council" in action.get_text(" ", strip=True)


def test_the_action_page_shows_the_accepted_update_with_its_reason_and_figures(client, world, progress):
    plan_publish(plan=world.plan)
    soup = action_page(client, world)
    facts = row_facts(soup)
    assert facts["Progress"] == "Two of three advisers in post."
    assert facts["Reason for the status"] == "Two posts vacant."
    assert "Risks" not in facts  # hidden by default
    table = soup.find("caption", string="Cases reviewed: figures reported").find_parent("table")
    cells = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    assert cells == [["Q1 2025/26", "80", "Not yet"], ["Q2 2025/26", "86", "Yes"]]
    assert soup.find("svg", attrs={"role": "img"}) is not None  # its chart, beside the table


def test_nothing_unreviewed_or_private_is_shown(client, world, progress):
    plan_publish(plan=world.plan, show_risk=True, show_officer_names=True)
    text = action_page(client, world).get_text(" ")
    assert "Unreviewed" not in text
    assert "Reviewer's private note" not in text


def test_organisations_are_named_but_officers_only_when_allowed(client, world, progress):
    plan_publish(plan=world.plan)
    assert row_facts(action_page(client, world))["Led by"] == "Testshire Police"
    plan_publish(plan=world.plan, show_officer_names=True)
    assert row_facts(action_page(client, world))["Led by"] == "Insp Lena Lead, Testshire Police"


@pytest.mark.parametrize(
    ("switch", "label"),
    [
        ("show_risk", "Risks"),
        ("show_narratives", "Progress"),
        ("show_rag_reason", "Reason for the status"),
        ("show_targets", "Target"),
    ],
)
def test_each_field_follows_its_switch(client, world, progress, switch, label):
    default = getattr(PublicationSettings(), switch)
    plan_publish(plan=world.plan, **{switch: not default})
    assert (label in row_facts(action_page(client, world))) is (not default)
    plan_publish(plan=world.plan, **{switch: default})
    assert (label in row_facts(action_page(client, world))) is default


def test_dates_follow_their_switch(client, world, progress):
    world.row_a.milestone = "Quarterly review"
    world.row_a.save()
    plan_publish(plan=world.plan)
    assert row_facts(action_page(client, world))["Milestone"] == "Quarterly review"
    plan_publish(plan=world.plan, show_dates=False)
    assert "Milestone" not in row_facts(action_page(client, world))


def test_figures_and_charts_can_be_hidden(client, world, progress):
    plan_publish(plan=world.plan, show_figures=False, show_charts=False)
    soup = action_page(client, world)
    assert soup.find("table") is None and soup.find("svg") is None
    assert page(client, "public_plan", "home", world.plan.pk).find("svg") is None


def test_the_plan_chart_has_a_table_of_the_same_counts(client, world, progress):
    plan_publish(plan=world.plan)
    soup = page(client, "public_plan", "home", world.plan.pk)
    chart = soup.find("svg", attrs={"role": "img"})
    assert chart.find("title").get_text() == "Status of the plan's projects by theme"
    table = soup.find("table", attrs={"aria-labelledby": "chart-table"})
    assert soup.find(id="chart-table").get_text() == "Status of the plan's projects by theme: the figures"
    header = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    counts = dict(
        zip(header, [c.get_text(strip=True) for c in table.tbody.tr.find_all(["th", "td"])], strict=True)
    )
    expected = {label: "0" for label in header[1:-1]} | {"Amber": "1", "No status yet": "1"}
    assert counts == {"Theme": "1. Domestic abuse", **expected, "Total": "2"}
    assert "1. Domestic abuse: 1 Amber, 1 No status yet" in chart.find("desc").get_text()


def test_you_said_we_did_comes_from_the_latest_issued_report_only(client, world):
    common = {"partnership": world.partnership, "plan": world.plan, "meeting_date": datetime.date(2026, 1, 1)}
    ScrutinyReport.objects.create(
        title="Old",
        status="issued",
        issued_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        you_said_we_did=[{"you_said": "Old ask", "we_did": "Old answer"}],
        **common,
    )
    ScrutinyReport.objects.create(
        title="New",
        status="issued",
        issued_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        you_said_we_did=[{"you_said": "Lighting in the park", "we_did": "New lights fitted"}],
        **common,
    )
    ScrutinyReport.objects.create(
        title="Draft", you_said_we_did=[{"you_said": "Draft ask", "we_did": "Draft answer"}], **common
    )
    plan_publish(plan=world.plan)
    soup = page(client, "public_plan", "home", world.plan.pk)
    table = soup.find(id="you-said").find_next("table")
    assert [[td.get_text() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")] == [
        ["Lighting in the park", "New lights fitted"]
    ]


def test_pages_are_cacheable_by_anyone_and_revalidate(client, world, progress):
    plan_publish(plan=world.plan)
    url = reverse("public_plan", args=["home", world.plan.pk])
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    assert "Vary" not in response and not response.cookies
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_a_change_to_the_page_changes_its_etag(client, world, progress):
    plan_publish(plan=world.plan)
    url = reverse("public_plan", args=["home", world.plan.pk])
    before = client.get(url)["ETag"]
    plan_publish(plan=world.plan, introduction="Welcome, residents.")
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_a_change_to_the_plan_s_structure_moves_last_modified_on(client, world, progress):
    """A client that revalidates with If-Modified-Since alone (no ETag) sees a renamed action."""
    plan_publish(plan=world.plan)
    day_ago = datetime.timedelta(days=1)
    publication = PublicationSettings.objects.get(plan=world.plan)
    PublicationSettings.objects.filter(pk=publication.pk).update(
        updated_at=publication.updated_at - day_ago, published_at=publication.published_at - day_ago
    )
    for update in ProgressUpdate.objects.filter(row__action__plan=world.plan).exclude(reviewed_at=None):
        ProgressUpdate.objects.filter(pk=update.pk).update(reviewed_at=update.reviewed_at - day_ago)
    world.plan.refresh_from_db()
    changed = world.plan.outline_changed_at - day_ago
    type(world.plan).objects.filter(pk=world.plan.pk).update(outline_changed_at=changed)
    url = reverse("public_plan", args=["home", world.plan.pk])
    before = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=before).status_code == 304

    world.action.title = "Renamed for the public"
    world.action.save()
    after = client.get(url, HTTP_IF_MODIFIED_SINCE=before)
    assert after.status_code == 200 and "Renamed for the public" in after.content.decode()
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before)


def test_the_public_page_has_no_login_navigation(client, world):
    plan_publish(plan=world.plan)
    client.force_login(world.users["coordinator"])
    soup = page(client, "public_plan", "home", world.plan.pk)
    assert soup.find("button", string="Log out") is None
    assert soup.find(class_="govuk-service-navigation") is None
    assert soup.find("a", href=reverse("public_accessibility")) is not None
    assert not soup.find_all("script", src=False) and not soup.find_all(style=True)


def test_the_csv_holds_what_the_page_shows(client, world, progress):
    plan_publish(plan=world.plan)
    response = client.get(reverse("public_plan_csv", args=["home", world.plan.pk]))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("theme,action_reference,action,project,lead,status")
    assert "Two of three advisers in post." in text and "Insp Lena Lead" not in text
    assert "Caseloads may rise." not in text


def test_the_coordinator_publishes_and_previews(client, world, progress):
    client.force_login(world.users["coordinator"])
    url = reverse("public_settings", args=["home", world.plan.pk])
    preview = page(client, "public_preview", "home", world.plan.pk)
    assert "not published yet" in preview.find(class_="csp-preview-banner").get_text()
    assert client.get(reverse("public_plan", args=["home", world.plan.pk])).status_code == 404
    response = client.post(url, {"is_published": "on", "show_narratives": "on", "introduction": "Hello"})
    assert response.status_code == 302
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    status = soup.find(attrs={"data-testid": "public-status"})
    assert status.a["href"].endswith(reverse("public_plan", args=["home", world.plan.pk]))
    publication = PublicationSettings.objects.get(plan=world.plan)
    assert (
        publication.published_at
        and not publication.show_figures
        and publication.updated_by.username == "coordinator"
    )
    assert client.get(reverse("public_plan", args=["home", world.plan.pk])).status_code == 200


def test_the_preview_is_never_cached(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("public_preview", args=["home", world.plan.pk]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_draft_plan_cannot_be_published(client, world):
    world.plan.status = world.plan.Status.DRAFT
    world.plan.save()
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("public_settings", args=["home", world.plan.pk]), {"is_published": "on"})
    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "Only a live plan can be published" in summary.get_text()
    assert not PublicationSettings.objects.exists()


def test_the_accessibility_statement_is_public(client):
    soup = page(client, "public_accessibility")
    assert soup.h1.get_text(strip=True).startswith("Accessibility statement")
    assert soup.find("h2", string="Enforcement procedure") is not None


def test_the_csv_shows_unsafe_characters_as_codes_and_neutralises_formulas(client, world, progress):
    plan_publish(plan=world.plan)
    ProgressUpdate.objects.filter(pk=world.row_a.current_update_id).update(
        narrative=HOSTILE, rag_reason="=1+1"
    )
    response = client.get(reverse("public_plan_csv", args=["home", world.plan.pk]))
    line = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (line["narrative"], line["status_reason"], line["latest_figure"]) == (REVEALED, "'=1+1", "86.00")


def test_a_change_to_the_plan_structure_shows_at_once(client, world, progress):
    """The server's copy of a page is keyed by the plan's roll-up version too, so a renamed
    action is not hidden behind the copy made before it (for up to the cache's max-age)."""
    plan_publish(plan=world.plan)
    url = reverse("public_plan", args=["home", world.plan.pk])
    assert "Support victims" in client.get(url).content.decode()
    world.action.title = "Support every victim"
    world.action.save()
    assert "Support every victim" in client.get(url).content.decode()
