"""The scrutiny composer's pages: create pre-fills, edit saves, issuing freezes, errors named."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from reports.models import ScrutinyReport
from reports.services import scrutiny_report_create


@pytest.fixture
def draft(world):
    return scrutiny_report_create(
        plan=world.plan,
        user=world.users["coordinator"],
        meeting_date=datetime.date(2026, 11, 30),
        title="Annual report",
    )


def edit_data(report, **changes) -> dict:
    data = {
        "committee": report.committee,
        "meeting_date": "2026-11-30",
        "title": report.title,
        "wards_affected": "All",
        "portfolio_holder": "",
        "report_originators": "",
        "contact_officers": "",
        "agenda_item": "",
        "forward_plan_reference": "N/A",
        "priorities_next_year": "",
        "you_said_we_did_text": "",
    }
    return data | changes


def test_creating_a_report_prefills_it_and_opens_the_editor(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("scrutiny_create", args=["home"]),
        {
            "plan": world.plan.pk,
            "committee": "O&S Panel",
            "meeting_date": "2026-11-30",
            "title": "Annual",
            "wards_affected": "All",
        },
    )
    report = ScrutinyReport.objects.get()
    assert response["Location"] == reverse("scrutiny_compose", args=["home", report.pk])
    assert world.partnership.name in report.sections.get(title="Purpose of the report and summary").body


def test_you_said_we_did_pairs_are_saved(client, world, draft):
    client.force_login(world.users["coordinator"])
    text = (
        "You said: Too much litter.\nWe did: Extra cleansing rounds.\n\n"
        "You said: Speeding.\nWe did: Speed Watch."
    )
    client.post(
        reverse("scrutiny_update", args=["home", draft.pk]), edit_data(draft, you_said_we_did_text=text)
    )
    draft.refresh_from_db()
    assert draft.you_said_we_did == [
        {"you_said": "Too much litter.", "we_did": "Extra cleansing rounds."},
        {"you_said": "Speeding.", "we_did": "Speed Watch."},
    ]


def test_a_pair_without_we_did_is_named_and_nothing_is_saved(client, world, draft):
    client.force_login(world.users["coordinator"])
    text = "You said: A.\nWe did: B.\n\nYou said: only half"
    response = client.post(
        reverse("scrutiny_update", args=["home", draft.pk]),
        edit_data(draft, title="Changed", you_said_we_did_text=text),
    )
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "Entry 2 needs both parts" in summary.get_text()
    draft.refresh_from_db()
    assert draft.title != "Changed"


def test_issuing_freezes_the_report(client, world, draft):
    client.force_login(world.users["coordinator"])
    client.post(reverse("scrutiny_issue", args=["home", draft.pk]), {"confirm": "yes"})
    draft.refresh_from_db()
    assert draft.is_issued and "Annual report" in draft.snapshot_html
    assert client.get(reverse("scrutiny_update", args=["home", draft.pk])).status_code == 404


def test_viewer_sees_issued_reports_only(client, world, draft):
    issued = scrutiny_report_create(
        plan=world.plan,
        user=world.users["coordinator"],
        meeting_date=datetime.date(2026, 3, 1),
        title="Issued one",
    )
    client.force_login(world.users["coordinator"])
    client.post(reverse("scrutiny_issue", args=["home", issued.pk]), {"confirm": "yes"})
    client.force_login(world.users["viewer"])
    soup = BeautifulSoup(client.get(reverse("scrutiny_list", args=["home"])).content, "html.parser")
    titles = soup.find("table").get_text()
    assert "Issued one" in titles and "Annual report" not in titles
    assert client.post(reverse("scrutiny_pdf", args=["home", draft.pk])).status_code == 404


def test_editor_shows_the_saved_date_in_a_date_field(client, world, draft):
    client.force_login(world.users["coordinator"])
    soup = BeautifulSoup(
        client.get(reverse("scrutiny_update", args=["home", draft.pk])).content, "html.parser"
    )
    assert soup.find("input", attrs={"name": "meeting_date"})["value"] == "2026-11-30"


def test_issuing_without_confirming_issues_nothing(client, world, draft):
    client.force_login(world.users["coordinator"])
    client.post(reverse("scrutiny_issue", args=["home", draft.pk]))
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_issue_page_asks_for_confirmation(client, world, draft):
    client.force_login(world.users["coordinator"])
    soup = BeautifulSoup(
        client.get(reverse("scrutiny_issue", args=["home", draft.pk])).content, "html.parser"
    )
    assert soup.h1.get_text() == "Issue Annual report?"
    assert soup.find("button", string="Yes, issue the report") is not None


def test_a_statistics_table_is_added_through_its_page(client, world, draft):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("scrutiny_table_create", args=["home", draft.pk]),
        {
            "title": "CCTV service performance overview",
            "columns": "Total 2020 | Total 2021",
            "rows": (
                "Incidents | incidents | neutral | 1,137 | 1,268\n"
                "Camera Patrols | patrols | higher | 6501 | 4919"
            ),
            "compares": "on",
            "section": "",
        },
    )
    assert response.status_code == 302
    table = draft.statistics_tables.get()
    assert [(r.label, r.values) for r in table.rows.all()] == [
        ("Incidents", ["1,137", "1,268"]),
        ("Camera Patrols", ["6501", "4919"]),
    ]


def test_a_value_that_is_not_a_number_is_named(client, world, draft):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("scrutiny_table_create", args=["home", draft.pk]),
        {
            "title": "T",
            "columns": "2020 | 2021",
            "rows": "Incidents | | neutral | many | 3",
            "compares": "on",
        },
    )
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "Line 1 (Incidents): “many” is not a number." in summary.get_text()
    assert not draft.statistics_tables.exists()


def test_sections_are_added_moved_and_removed_through_the_pages(client, world, draft):
    client.force_login(world.users["coordinator"])
    client.post(
        reverse("scrutiny_section_create", args=["home", draft.pk]),
        {"title": "Community impact", "body": "Safer streets.", "parent": "", "theme": ""},
    )
    section = draft.sections.get(title="Community impact")
    client.post(reverse("scrutiny_section_move", args=["home", draft.pk, section.pk]), {"direction": "up"})
    titles = list(draft.sections.filter(parent=None).values_list("title", flat=True))
    assert titles.index("Community impact") == len(titles) - 2
    remove = reverse("scrutiny_section_delete", args=["home", draft.pk, section.pk])
    asked = BeautifulSoup(client.get(remove).content, "html.parser")
    assert asked.h1.get_text(strip=True) == "Remove the section “Community impact”?"
    assert draft.sections.filter(title="Community impact").exists()  # asking removes nothing
    client.post(remove)
    assert not draft.sections.filter(title="Community impact").exists()


def test_background_papers_page_names_a_bad_date(client, world, draft):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("scrutiny_papers", args=["home", draft.pk]), {"papers": "Action plan | 7 Feb | "}
    )
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "Line 1: “7 Feb” is not a date like 2022-02-07." in summary.get_text()
