"""A meeting's pages: the coordinator builds the agenda, records attendance, writes minutes and
keeps the action log (carried to later meetings until done); members read the meeting."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.audience import Audience
from partners.models import Meeting
from reports.board_pack import board_pack_content
from reports.models import ActionLogItem, AgendaItem, MeetingAttendance, ReportSection
from reports.services import (
    action_log_item_status_set,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_save,
    meeting_minutes_save,
    scrutiny_report_create,
)


@pytest.fixture
def meeting(world) -> Meeting:
    return Meeting.objects.create(
        partnership=world.partnership, plan=world.plan, date=datetime.date(2026, 7, 20), title="July board"
    )


@pytest.fixture
def agenda(meeting) -> list[AgendaItem]:
    return [
        agenda_item_save(item=AgendaItem(meeting=meeting, title=title, brings=brings))
        for title, brings in [
            ("Welcome and apologies", ""),
            ("Performance summary", AgendaItem.Brings.SUMMARY),
            ("Exceptions", AgendaItem.Brings.EXCEPTIONS),
        ]
    ]


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator"])
    return client


def page(client, meeting) -> BeautifulSoup:
    response = client.get(reverse("meeting_detail", args=["home", meeting.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def agenda_titles(meeting) -> list[str]:
    return list(meeting.agenda_items.values_list("title", flat=True))


# --- services ------------------------------------------------------------------------------


def test_new_agenda_items_go_to_the_end(agenda):
    assert [item.position for item in agenda] == [1, 2, 3]


def test_moving_an_item_up_and_down_renumbers_the_agenda(meeting, agenda):
    agenda_item_move(item=agenda[2], offset=-1)
    assert agenda_titles(meeting) == ["Welcome and apologies", "Exceptions", "Performance summary"]
    agenda_item_move(item=agenda[0], offset=1)
    assert agenda_titles(meeting) == ["Exceptions", "Welcome and apologies", "Performance summary"]
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [1, 2, 3]


def test_moving_the_first_item_up_leaves_it_first(meeting, agenda):
    agenda_item_move(item=agenda[0], offset=-1)
    assert agenda_titles(meeting)[0] == "Welcome and apologies"


def test_removing_an_item_renumbers_and_keeps_its_actions(meeting, agenda):
    action = ActionLogItem.objects.create(
        meeting=meeting, agenda_item=agenda[1], description="Chase the updates", owner="CSO"
    )
    agenda_item_delete(item=agenda[1])
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [1, 2]
    action.refresh_from_db()
    assert action.agenda_item is None


def test_minutes_are_stored_as_safe_rich_text(meeting, agenda):
    meeting_minutes_save(
        meeting=meeting,
        minutes={agenda[0].pk: "Agreed.\n\n- one\n- two", agenda[1].pk: "<b>Noted</b><script>x()</script>"},
    )
    agenda[0].refresh_from_db()
    agenda[1].refresh_from_db()
    assert agenda[0].minutes == "<p>Agreed.</p><ul><li>one</li><li>two</li></ul>"
    assert agenda[1].minutes == "<b>Noted</b>"


def test_minutes_for_an_item_not_on_the_agenda_are_refused(meeting, agenda, world):
    other = Meeting.objects.create(partnership=world.partnership, date=datetime.date(2026, 1, 1), title="Old")
    stranger = agenda_item_save(item=AgendaItem(meeting=other, title="Elsewhere"))
    with pytest.raises(ValidationError, match=f"Agenda item {stranger.pk} is not on this meeting"):
        meeting_minutes_save(meeting=meeting, minutes={stranger.pk: "Hijack"})


def test_an_item_printing_a_section_needs_the_section(meeting):
    with pytest.raises(ValidationError) as error:
        agenda_item_save(item=AgendaItem(meeting=meeting, title="CCTV", brings=AgendaItem.Brings.SECTION))
    assert "section" in error.value.message_dict


def test_a_person_is_recorded_once_per_meeting(meeting, world):
    MeetingAttendance.objects.create(meeting=meeting, person=world.lead_person)
    duplicate = MeetingAttendance(meeting=meeting, person=world.lead_person, status="apologies")
    with pytest.raises(ValidationError, match="already recorded for this meeting"):
        duplicate.full_clean()


def test_marking_an_action_done_dates_it_and_reopening_clears_the_date(meeting):
    action = ActionLogItem.objects.create(meeting=meeting, description="Report back", owner="Police")
    action_log_item_status_set(item=action, status=ActionLogItem.Status.DONE, on=datetime.date(2026, 8, 1))
    assert action.done_on == datetime.date(2026, 8, 1)
    action_log_item_status_set(item=action, status=ActionLogItem.Status.OPEN)
    action.refresh_from_db()
    assert (action.status, action.done_on) == ("open", None)


# --- pages ---------------------------------------------------------------------------------


def test_coordinator_adds_an_agenda_item(coordinator, meeting, agenda):
    response = coordinator.post(
        reverse("agenda_item_create", args=["home", meeting.pk]),
        {"title": "Indicators", "presenter": "Police analyst", "brings": "indicators", "section": ""},
    )
    assert response["Location"] == reverse("meeting_detail", args=["home", meeting.pk])
    item = meeting.agenda_items.last()
    assert (item.title, item.presenter, item.position) == ("Indicators", "Police analyst", 4)
    listed = page(coordinator, meeting).find(attrs={"data-testid": "agenda"}).find_all("li", recursive=False)
    assert listed[3].find("strong").get_text() == "Indicators"
    assert "presented by Police analyst" in listed[3].get_text(" ", strip=True)


def test_an_agenda_item_can_attach_a_report_section_of_the_partnership(coordinator, meeting, world):
    report = scrutiny_report_create(
        plan=world.plan, user=world.users["coordinator"], meeting_date=datetime.date(2026, 7, 1), title="O&S"
    )
    section = report.sections.first()
    coordinator.post(
        reverse("agenda_item_create", args=["home", meeting.pk]),
        {"title": "Scrutiny", "presenter": "", "brings": "section", "section": section.pk},
    )
    assert meeting.agenda_items.get().section == section
    assert (
        f"O&S: {section.title}" in page(coordinator, meeting).find(attrs={"data-testid": "agenda"}).get_text()
    )


def test_another_partnerships_section_cannot_be_attached(coordinator, meeting, world):
    report = scrutiny_report_create(
        plan=world.other_plan, user=world.users["outsider"], meeting_date=datetime.date(2026, 7, 1), title="X"
    )
    response = coordinator.post(
        reverse("agenda_item_create", args=["home", meeting.pk]),
        {"title": "Scrutiny", "brings": "section", "section": report.sections.first().pk},
    )
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "Select a valid choice" in summary.get_text()
    assert not meeting.agenda_items.exists()


def test_printing_a_section_without_choosing_one_is_named(coordinator, meeting):
    response = coordinator.post(
        reverse("agenda_item_create", args=["home", meeting.pk]), {"title": "CCTV", "brings": "section"}
    )
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "Choose the report section this item prints in the pack." in summary.get_text()
    assert (
        BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "title"})["value"]
        == "CCTV"
    )


def test_move_and_remove_buttons_work_without_javascript(coordinator, meeting, agenda):
    coordinator.post(
        reverse("agenda_item_move", args=["home", meeting.pk, agenda[2].pk]), {"direction": "up"}
    )
    assert agenda_titles(meeting) == ["Welcome and apologies", "Exceptions", "Performance summary"]
    soup = page(coordinator, meeting)
    forms = soup.find(attrs={"data-testid": "agenda"}).find_all("form")
    first = [f for f in forms if f["action"].endswith(f"/agenda/{agenda[0].pk}/move/")]
    assert [f.find("input", attrs={"name": "direction"})["value"] for f in first] == ["down"]
    coordinator.post(reverse("agenda_item_delete", args=["home", meeting.pk, agenda[0].pk]))
    assert agenda_titles(meeting) == ["Exceptions", "Performance summary"]


def test_viewer_reads_the_meeting_without_any_edit_control(client, world, meeting, agenda):
    ActionLogItem.objects.create(meeting=meeting, description="Report back", owner="Police")
    client.force_login(world.users["viewer"])
    soup = page(client, meeting)
    assert [
        li.find("strong").get_text() for li in soup.find(attrs={"data-testid": "agenda"}).find_all("li")
    ] == [
        "Welcome and apologies",
        "Performance summary",
        "Exceptions",
    ]
    assert "Report back" in soup.find(attrs={"data-testid": "meeting-actions"}).get_text()
    actions = {form["action"] for form in soup.find_all("form")}
    assert actions == {reverse("board_pack_pdf", args=["home", meeting.pk]), reverse("logout")}
    assert not soup.find("a", href=reverse("agenda_item_create", args=["home", meeting.pk]))
    assert not soup.find("a", href=reverse("meeting_minutes", args=["home", meeting.pk]))


def test_viewer_finds_the_meeting_from_the_partnership_page(client, world, meeting):
    client.force_login(world.users["viewer"])
    soup = BeautifulSoup(client.get(reverse("partnership_detail", args=["home"])).content, "html.parser")
    listing = client.get(soup.find("a", string="Meetings and board packs")["href"])
    links = BeautifulSoup(listing.content, "html.parser").find_all("a", string="July board")
    assert [a["href"] for a in links] == [reverse("meeting_detail", args=["home", meeting.pk])]


def test_coordinator_records_attendance_and_apologies(coordinator, meeting, world):
    url = reverse("attendance_create", args=["home", meeting.pk])
    coordinator.post(url, {"status": "present", "person": world.lead_person.pk})
    coordinator.post(url, {"status": "apologies", "organisation": world.council.pk})
    coordinator.post(url, {"status": "present", "name": "Cllr Jo Visitor"})
    soup = page(coordinator, meeting)
    present = soup.find(attrs={"data-testid": "present"}).get_text(" ", strip=True)
    apologies = soup.find(attrs={"data-testid": "apologies"}).get_text(" ", strip=True)
    assert present.startswith("Insp Lena Lead (Testshire Police) Edit") and "Cllr Jo Visitor" in present
    assert "Fictional District Council" in apologies


def test_the_record_apologies_link_starts_with_apologies_chosen(coordinator, meeting):
    response = coordinator.get(reverse("attendance_create", args=["home", meeting.pk]) + "?status=apologies")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", attrs={"name": "status", "value": "apologies"}).has_attr("checked")


def test_attendance_naming_nobody_is_refused_with_a_message(coordinator, meeting):
    response = coordinator.post(
        reverse("attendance_create", args=["home", meeting.pk]), {"status": "present"}
    )
    assert "Name a person or an organisation." in BeautifulSoup(response.content, "html.parser").get_text()
    assert not meeting.attendance.exists()


def test_a_listed_person_and_a_typed_name_together_are_refused(coordinator, meeting, world):
    response = coordinator.post(
        reverse("attendance_create", args=["home", meeting.pk]),
        {"status": "present", "person": world.lead_person.pk, "name": "Someone else"},
    )
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "not both" in summary.get_text()
    assert not meeting.attendance.exists()


def test_attendance_can_be_edited_and_removed(coordinator, meeting, world):
    entry = MeetingAttendance.objects.create(meeting=meeting, person=world.lead_person)
    coordinator.post(
        reverse("attendance_update", args=["home", meeting.pk, entry.pk]),
        {"status": "apologies", "person": world.lead_person.pk},
    )
    entry.refresh_from_db()
    assert entry.status == "apologies"
    coordinator.post(reverse("attendance_delete", args=["home", meeting.pk, entry.pk]))
    assert not meeting.attendance.exists()


def test_minutes_page_writes_each_items_minutes(coordinator, meeting, agenda):
    response = coordinator.post(
        reverse("meeting_minutes", args=["home", meeting.pk]),
        {
            f"item_{agenda[0].pk}": "",
            f"item_{agenda[1].pk}": "The board noted **progress**.\n\n- <strong>Green</strong> on most rows",
            f"item_{agenda[2].pk}": "<p onclick='x()'>Each red row explained.</p>",
        },
    )
    assert response.status_code == 302
    minutes = page(coordinator, meeting).find(id="minutes").find_next_siblings()
    text = " ".join(tag.get_text(" ", strip=True) for tag in minutes)
    assert "2. Performance summary" in text and "Green on most rows" in text
    assert "3. Exceptions" in text and "1. Welcome" not in text
    agenda[2].refresh_from_db()
    assert agenda[2].minutes == "<p>Each red row explained.</p>"


def test_minutes_page_shows_the_saved_minutes_to_edit(coordinator, meeting, agenda):
    meeting_minutes_save(meeting=meeting, minutes={agenda[1].pk: "Noted."})
    soup = BeautifulSoup(
        coordinator.get(reverse("meeting_minutes", args=["home", meeting.pk])).content, "html.parser"
    )
    assert (
        soup.find("textarea", attrs={"name": f"item_{agenda[1].pk}"}).get_text(strip=True) == "<p>Noted.</p>"
    )
    assert (
        soup.find("label", attrs={"for": f"id_item_{agenda[1].pk}"}).get_text(strip=True)
        == "2. Performance summary"
    )


def test_minutes_without_an_agenda_send_the_coordinator_to_build_one(coordinator, meeting):
    response = coordinator.get(reverse("meeting_minutes", args=["home", meeting.pk]), follow=True)
    assert "Add the agenda first" in BeautifulSoup(response.content, "html.parser").get_text()


def test_coordinator_adds_an_action_under_an_agenda_item(coordinator, meeting, agenda):
    coordinator.post(
        reverse("action_log_create", args=["home", meeting.pk]),
        {
            "description": "Bring a recovery plan",
            "owner": "Lead officers",
            "due_date": "2026-10-01",
            "agenda_item": agenda[2].pk,
            "status": "open",
        },
    )
    action = meeting.action_log.get()
    assert (action.owner, action.due_date, action.agenda_item) == (
        "Lead officers",
        datetime.date(2026, 10, 1),
        agenda[2],
    )
    row = page(coordinator, meeting).find(attrs={"data-testid": "meeting-actions"}).find("tbody").find("tr")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[0].startswith("Bring a recovery plan") and cells[1:4] == ["3", "Lead officers", "1 Oct 2026"]


def test_a_done_action_without_its_date_is_named(coordinator, meeting):
    response = coordinator.post(
        reverse("action_log_create", args=["home", meeting.pk]),
        {"description": "Report back", "owner": "Police", "status": "done"},
    )
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "Say when it was done." in summary.get_text()


def test_a_date_done_on_an_open_action_is_refused_not_dropped(coordinator, meeting):
    response = coordinator.post(
        reverse("action_log_create", args=["home", meeting.pk]),
        {"description": "Report back", "owner": "Police", "status": "open", "done_on": "2026-07-30"},
    )
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "Only a done action has a date done" in summary.get_text()
    assert not meeting.action_log.exists()


def test_an_action_is_carried_to_later_meetings_until_done(coordinator, meeting, world):
    later = Meeting.objects.create(
        partnership=world.partnership,
        plan=world.plan,
        date=datetime.date(2026, 10, 19),
        title="October board",
    )
    action = ActionLogItem.objects.create(meeting=meeting, description="Report back", owner="Police")
    carried = page(coordinator, later).find(attrs={"data-testid": "carried-actions"})
    assert "Report back" in carried.get_text() and "July board" in carried.get_text()
    # its status is changed from the later meeting, where it is reviewed
    response = coordinator.post(
        reverse("action_log_status", args=["home", later.pk, action.pk]), {"status": "done"}
    )
    assert response["Location"] == reverse("meeting_detail", args=["home", later.pk]) + "#action-log"
    action.refresh_from_db()
    assert action.status == "done" and action.done_on is not None


def test_a_status_that_is_not_offered_is_refused_with_a_message(coordinator, meeting):
    action = ActionLogItem.objects.create(meeting=meeting, description="Report back", owner="Police")
    response = coordinator.post(
        reverse("action_log_status", args=["home", meeting.pk, action.pk]), {"status": "shelved"}, follow=True
    )
    assert "Choose a status for “Report back”" in BeautifulSoup(response.content, "html.parser").get_text()
    action.refresh_from_db()
    assert action.status == "open"


def test_an_action_of_a_later_meeting_cannot_be_reached_from_an_earlier_one(coordinator, meeting, world):
    later = Meeting.objects.create(
        partnership=world.partnership, date=datetime.date(2026, 10, 19), title="Oct"
    )
    action = ActionLogItem.objects.create(meeting=later, description="Later", owner="Police")
    url = reverse("action_log_update", args=["home", meeting.pk, action.pk])
    assert coordinator.get(url).status_code == 404


def test_another_partnerships_agenda_item_is_not_found(coordinator, meeting, world):
    theirs = Meeting.objects.create(
        partnership=world.other_partnership, date=datetime.date(2026, 7, 1), title="T"
    )
    item = agenda_item_save(item=AgendaItem(meeting=theirs, title="Theirs"))
    assert (
        coordinator.get(reverse("agenda_item_update", args=["home", meeting.pk, item.pk])).status_code == 404
    )
    assert coordinator.get(reverse("meeting_detail", args=["home", theirs.pk])).status_code == 404


def test_the_board_packs_contents_follow_the_agenda_built_on_the_pages(coordinator, meeting, agenda):
    coordinator.post(
        reverse("agenda_item_move", args=["home", meeting.pk, agenda[2].pk]), {"direction": "up"}
    )
    content = board_pack_content(meeting, Audience.of(None, meeting.partnership))
    assert [(item.number, item.title) for item in content.items] == [
        (1, "Welcome and apologies"),
        (2, "Exceptions"),
        (3, "Performance summary"),
    ]


def test_sections_offered_to_attach_name_their_report(coordinator, meeting, world):
    report = scrutiny_report_create(
        plan=world.plan, user=world.users["coordinator"], meeting_date=datetime.date(2026, 7, 1), title="O&S"
    )
    soup = BeautifulSoup(
        coordinator.get(reverse("agenda_item_create", args=["home", meeting.pk])).content, "html.parser"
    )
    options = [o.get_text() for o in soup.find("select", attrs={"name": "section"}).find_all("option")]
    first = ReportSection.objects.filter(report=report).first()
    assert options[0] == "None" and f"O&S: {first.title}" in options


def grow_meeting(meeting, world, n: int) -> None:
    earlier = Meeting.objects.create(
        partnership=world.partnership, plan=world.plan, date=datetime.date(2026, 4, 20), title="April"
    )
    for i in range(n):
        item = agenda_item_save(item=AgendaItem(meeting=meeting, title=f"Item {i}", brings="summary"))
        MeetingAttendance.objects.create(meeting=meeting, name=f"Guest {i}", organisation=world.police)
        ActionLogItem.objects.create(meeting=meeting, agenda_item=item, description=f"Do {i}", owner="CSO")
        ActionLogItem.objects.create(meeting=earlier, description=f"Carried {i}", owner="CSO")
    meeting_minutes_save(meeting=meeting, minutes={item.pk: "Noted." for item in meeting.agenda_items.all()})


def test_meeting_page_query_count_does_not_grow_with_the_meeting(coordinator, meeting, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(coordinator, meeting)
        return len(queries)

    grow_meeting(meeting, world, 2)
    small = count()
    grow_meeting(meeting, world, 6)
    assert count() == small


def test_minutes_typed_under_an_item_removed_meanwhile_are_shown_back_not_dropped(
    coordinator, meeting, agenda
):
    removed_pk = agenda[2].pk
    agenda_item_delete(item=agenda[2])
    response = coordinator.post(
        reverse("meeting_minutes", args=["home", meeting.pk]),
        {f"item_{agenda[0].pk}": "Welcome given.", f"item_{removed_pk}": "Each red row explained."},
    )
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "An agenda item was removed while you were writing" in text and "Each red row explained." in text
    agenda[0].refresh_from_db()
    assert agenda[0].minutes == ""  # nothing half-written


def test_an_action_recorded_by_mistake_is_removed(coordinator, meeting):
    action = ActionLogItem.objects.create(meeting=meeting, description="Mistake", owner="Nobody")
    coordinator.post(reverse("action_log_delete", args=["home", meeting.pk, action.pk]))
    assert not meeting.action_log.exists()


def test_a_carried_action_is_not_removed_from_a_later_meeting(coordinator, meeting, world):
    later = Meeting.objects.create(
        partnership=world.partnership, date=datetime.date(2026, 10, 19), title="Oct"
    )
    action = ActionLogItem.objects.create(meeting=meeting, description="Report back", owner="Police")
    assert (
        coordinator.post(reverse("action_log_delete", args=["home", later.pk, action.pk])).status_code == 404
    )
    assert ActionLogItem.objects.filter(pk=action.pk).exists()
