"""Who may use every report route, role by role; and the background PDF journey end to end.

`ROUTES` lists every route of reports/urls.py (a test below fails when one is added without a
case here); tests/plans/test_permissions.py counts these as covered.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from partners.models import Meeting
from reports import urls as report_urls
from reports.generation import RENDERERS, report_file_generate
from reports.models import (
    ActionLogItem,
    AgendaItem,
    MeetingAttendance,
    ReportFile,
    ScrutinyReport,
    StatisticsTable,
)
from reports.services import scrutiny_report_create, scrutiny_report_issue, statistics_table_save
from tests.reports.conftest import pdf_text

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MEMBERS = ["viewer", "lead", "lead2", "coordinator"]
ROLES = ["anonymous", "outsider", *MEMBERS]

OWN_FILE_ROUTES = {"report_file_detail", "report_file_download", "report_file_again"}

# route -> (method, the members who succeed, the status they get); other members get 403
ROUTES = {
    "plan_xlsx": ("get", MEMBERS, 200),
    "plan_csv": ("get", MEMBERS, 200),
    "plan_updates_csv": ("get", MEMBERS, 200),
    "delivery_plan_pdf": ("post", MEMBERS, 302),
    "report_file_detail": ("get", ["coordinator"], 200),  # only the requester: others 404
    "report_file_download": ("get", ["coordinator"], 200),
    "report_file_again": ("post", ["coordinator"], 302),  # a ready file: back to its page
    "meeting_list": ("get", MEMBERS, 200),
    "meeting_create": ("get", ["coordinator"], 200),
    "meeting_update": ("get", ["coordinator"], 200),
    "meeting_detail": ("get", MEMBERS, 200),  # viewers read it; only the coordinator edits it
    "agenda_item_create": ("get", ["coordinator"], 200),
    "agenda_item_update": ("get", ["coordinator"], 200),
    "agenda_item_move": ("post", ["coordinator"], 302),
    "agenda_item_delete": ("get", ["coordinator"], 200),  # the confirmation page; removing is its POST
    "meeting_minutes": ("get", ["coordinator"], 200),
    "attendance_create": ("get", ["coordinator"], 200),
    "attendance_update": ("get", ["coordinator"], 200),
    "attendance_delete": ("post", ["coordinator"], 302),
    "action_log_create": ("get", ["coordinator"], 200),
    "action_log_update": ("get", ["coordinator"], 200),
    "action_log_status": ("post", ["coordinator"], 302),
    "action_log_delete": ("get", ["coordinator"], 200),  # the confirmation page; removing is its POST
    "board_pack_pdf": ("post", MEMBERS, 302),
    "scrutiny_list": ("get", MEMBERS, 200),
    "scrutiny_create": ("get", ["coordinator"], 200),
    "scrutiny_update": ("get", ["coordinator"], 200),
    "scrutiny_issue": ("get", ["coordinator"], 200),  # the confirmation page; issuing is its POST
    "scrutiny_pdf": ("post", ["coordinator"], 302),  # a draft: other members are told it does not exist
    "scrutiny_compose": ("get", ["coordinator"], 200),
    "scrutiny_section_create": ("get", ["coordinator"], 200),
    "scrutiny_section_update": ("get", ["coordinator"], 200),
    "scrutiny_section_delete": ("get", ["coordinator"], 200),  # the confirmation page
    "scrutiny_section_move": ("post", ["coordinator"], 302),
    "scrutiny_table_create": ("get", ["coordinator"], 200),
    "scrutiny_table_update": ("get", ["coordinator"], 200),
    "scrutiny_papers": ("get", ["coordinator"], 200),
    "scrutiny_new_version": ("post", ["coordinator"], 302),
}
MEETING_ROUTES = {
    "meeting_update",
    "board_pack_pdf",
    "meeting_detail",
    "agenda_item_create",
    "meeting_minutes",
    "attendance_create",
    "action_log_create",
}
# routes of one record of the meeting: (the URL's keyword, the record)
MEETING_RECORD_ROUTES = {
    "agenda_item_update": "item",
    "agenda_item_move": "item",
    "agenda_item_delete": "item",
    "attendance_update": "attendance",
    "attendance_delete": "attendance",
    "action_log_update": "action",
    "action_log_status": "action",
    "action_log_delete": "action",
}
SCRUTINY_ROUTES = {
    "scrutiny_update",
    "scrutiny_issue",
    "scrutiny_pdf",
    "scrutiny_compose",
    "scrutiny_section_create",
    "scrutiny_table_create",
    "scrutiny_papers",
}
SECTION_ROUTES = {"scrutiny_section_update", "scrutiny_section_delete", "scrutiny_section_move"}
NOT_FOUND_FOR_OTHER_MEMBERS = OWN_FILE_ROUTES | {"scrutiny_pdf"}


@pytest.fixture
def coordinator_file(world) -> ReportFile:
    """A finished file of the coordinator's (stored directly: rendering is tested elsewhere)."""
    report_file = ReportFile(
        kind=ReportFile.Kind.DELIVERY_PLAN,
        partnership=world.partnership,
        plan=world.plan,
        requested_by=world.users["coordinator"],
        status=ReportFile.Status.DONE,
        filename="plan.pdf",
        content_type="application/pdf",
        pages=1,
    )
    report_file.file.save("plan.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=True)
    return report_file


@pytest.fixture
def meeting(world) -> Meeting:
    return Meeting.objects.create(
        partnership=world.partnership, plan=world.plan, date=datetime.date(2026, 7, 20), title="July board"
    )


@pytest.fixture
def meeting_records(meeting, world) -> dict[str, object]:
    return meeting_records_build(meeting, world)


def meeting_records_build(meeting, world) -> dict[str, object]:
    """An agenda item with minutes, an attendee and an action of `meeting` (other tests reuse it)."""
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Minutes", minutes="<p>Agreed.</p>")
    return {
        "item": item,
        "attendance": MeetingAttendance.objects.create(meeting=meeting, person=world.lead_person),
        "action": ActionLogItem.objects.create(
            meeting=meeting, agenda_item=item, description="Bring a recovery plan", owner="Police"
        ),
    }


@pytest.fixture
def draft(world) -> ScrutinyReport:
    return scrutiny_report_create(
        plan=world.plan,
        user=world.users["coordinator"],
        meeting_date=datetime.date(2026, 11, 30),
        title="Draft",
    )


def url_for(name: str, world, coordinator_file, meeting, draft, meeting_records) -> str:
    slug, plan = world.partnership.slug, world.plan.pk
    if name in SCRUTINY_ROUTES:
        return reverse(name, args=[slug, draft.pk])
    if name in SECTION_ROUTES:
        return reverse(name, args=[slug, draft.pk, draft.sections.first().pk])
    if name == "scrutiny_table_update":
        table = statistics_table_save(
            table=StatisticsTable(report=draft),
            title="Incidents",
            columns=["2020", "2021"],
            rows=[{"label": "Incidents", "unit": "", "direction": "lower", "values": ["1", "2"]}],
        )
        return reverse(name, args=[slug, draft.pk, table.pk])
    if name == "scrutiny_new_version":
        issued = scrutiny_report_issue(
            report=scrutiny_report_create(
                plan=world.plan,
                user=world.users["coordinator"],
                meeting_date=datetime.date(2026, 6, 1),
                title="Issued",
            ),
            user=world.users["coordinator"],
        )
        return reverse(name, args=[slug, issued.pk])
    if name.startswith("scrutiny_"):
        return reverse(name, args=[slug])
    if name in OWN_FILE_ROUTES:
        return reverse(name, args=[slug, coordinator_file.pk])
    if name in MEETING_ROUTES:
        return reverse(name, args=[slug, meeting.pk])
    if name in MEETING_RECORD_ROUTES:
        record = meeting_records[MEETING_RECORD_ROUTES[name]]
        return reverse(name, args=[slug, meeting.pk, record.pk])
    if name.startswith("meeting_"):
        return reverse(name, args=[slug])
    return reverse(name, args=[slug, plan])


def expected(name: str, role: str) -> int:
    _method, allowed, status = ROUTES[name]
    if role == "anonymous":
        return 302
    if role == "outsider":
        return 404
    if role in allowed:
        return status
    return 404 if name in NOT_FOUND_FOR_OTHER_MEMBERS else 403


CASES = [(name, role, expected(name, role)) for name in sorted(ROUTES) for role in ROLES]


def test_every_report_route_has_cases():
    assert {p.name for p in report_urls.urlpatterns} == set(ROUTES)


@override_settings(TASKS=IMMEDIATE_TASKS)
@pytest.mark.parametrize(("name", "role", "status"), CASES)
def test_status_per_role(
    client, world, coordinator_file, meeting, draft, meeting_records, name, role, status
):
    if role != "anonymous":
        client.force_login(world.users[role])
    method = ROUTES[name][0]
    response = getattr(client, method)(
        url_for(name, world, coordinator_file, meeting, draft, meeting_records)
    )
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_the_pdf_request_answers_a_get_with_405(client, world):
    client.force_login(world.users["viewer"])
    assert client.get(reverse("delivery_plan_pdf", args=["home", world.plan.pk])).status_code == 405


def test_plan_page_offers_every_download_to_a_viewer(client, world):
    client.force_login(world.users["viewer"])
    soup = BeautifulSoup(
        client.get(reverse("plan_detail", args=["home", world.plan.pk])).content, "html.parser"
    )
    block = soup.find("section", class_="csp-downloads")
    assert block.find("form")["action"] == reverse("delivery_plan_pdf", args=["home", world.plan.pk])
    links = {a["href"] for a in block.find_all("a")}
    assert links == {
        reverse("plan_xlsx", args=["home", world.plan.pk]),
        reverse("plan_csv", args=["home", world.plan.pk]),
        reverse("plan_updates_csv", args=["home", world.plan.pk]),
    }


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_requesting_the_pdf_queues_it_and_the_requester_downloads_it(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["viewer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delivery_plan_pdf", args=["home", world.plan.pk]))
    report_file = ReportFile.objects.get()
    assert report_file.status == ReportFile.Status.DONE
    assert report_file.requested_by == world.users["viewer"]
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert page.find(attrs={"data-report-progress": True})["data-finished"] == "true"
    link = page.find("a", href=reverse("report_file_download", args=["home", report_file.pk]))
    download = client.get(link["href"])
    assert download["Content-Type"] == "application/pdf"
    assert "Support victims" in pdf_text(b"".join(download.streaming_content))


def test_progress_page_refreshes_while_waiting(client, world):
    report_file = ReportFile.objects.create(
        kind=ReportFile.Kind.DELIVERY_PLAN,
        partnership=world.partnership,
        plan=world.plan,
        requested_by=world.users["viewer"],
    )
    client.force_login(world.users["viewer"])
    page = BeautifulSoup(
        client.get(reverse("report_file_detail", args=["home", report_file.pk])).content, "html.parser"
    )
    progress = page.find(attrs={"data-report-progress": True})
    assert (progress["data-finished"], progress["data-refresh-seconds"]) == ("false", "2")
    assert page.find("script", src=lambda src: src and "report_progress" in src) is not None
    assert "Waiting to start" in page.find(attrs={"role": "status"}).get_text()


def test_a_file_not_ready_cannot_be_downloaded(client, world):
    report_file = ReportFile.objects.create(
        kind=ReportFile.Kind.DELIVERY_PLAN,
        partnership=world.partnership,
        plan=world.plan,
        requested_by=world.users["viewer"],
    )
    client.force_login(world.users["viewer"])
    assert client.get(reverse("report_file_download", args=["home", report_file.pk])).status_code == 404


def test_a_failed_render_is_recorded_and_shown(client, world, monkeypatch):
    def broken(report_file):
        raise RuntimeError("layout exploded")

    monkeypatch.setitem(RENDERERS, ReportFile.Kind.DELIVERY_PLAN, broken)
    report_file = ReportFile.objects.create(
        kind=ReportFile.Kind.DELIVERY_PLAN,
        partnership=world.partnership,
        plan=world.plan,
        requested_by=world.users["viewer"],
    )
    with pytest.raises(RuntimeError):
        report_file_generate(report_file=report_file)
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.FAILED
    assert "layout exploded" in report_file.error
    client.force_login(world.users["viewer"])
    page = BeautifulSoup(
        client.get(reverse("report_file_detail", args=["home", report_file.pk])).content, "html.parser"
    )
    assert "could not be prepared" in page.find("h2", class_="govuk-error-summary__title").get_text()


def test_spreadsheet_download_is_an_attachment(client, world):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("plan_csv", args=["home", world.plan.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="home-delivery-plan-')
