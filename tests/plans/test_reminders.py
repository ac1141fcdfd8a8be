"""Reminders: at chosen offsets and when overdue, one e-mail per lead per reminder, logged."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from plans import services
from plans.models import ProgressUpdate, SentEmail
from plans.notifications import reminder_due, send_reminders

DUE = datetime.date(2026, 1, 14)


@pytest.fixture
def open_round(world):
    return services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=DUE,
        opened_by=world.users["coordinator"],
        reminder_offsets=[14, 7, 1],
    )


def run(day: datetime.date) -> int:
    return send_reminders(today=day)


def test_nothing_is_sent_before_the_first_offset(world, open_round):
    assert run(DUE - datetime.timedelta(days=20)) == 0
    assert mail.outbox == []


def test_each_outstanding_lead_gets_one_email_at_an_offset(world, open_round):
    assert run(DUE - datetime.timedelta(days=7)) == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([world.lead_person.email, world.lead2_person.email])


def test_running_twice_sends_each_reminder_once(world, open_round):
    day = DUE - datetime.timedelta(days=7)
    run(day)
    assert run(day) == 0
    assert len(mail.outbox) == 2
    assert SentEmail.objects.count() == 2


def test_send_reminders_command_twice_sends_one_email_per_lead(world, open_round, capsys):
    call_command("send_reminders", "--date", str(DUE - datetime.timedelta(days=1)))
    call_command("send_reminders", "--date", str(DUE - datetime.timedelta(days=1)))
    assert len(mail.outbox) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == ["sent 2 reminder e-mails", "sent 0 reminder e-mails"]


def test_each_offset_is_a_new_reminder(world, open_round):
    run(DUE - datetime.timedelta(days=14))
    run(DUE - datetime.timedelta(days=7))
    assert len(mail.outbox) == 4


def test_a_missed_day_catches_up_once_not_with_every_lapsed_offset(world, open_round):
    assert run(DUE) == 2  # offsets 14, 7 and 1 all lapsed: only the nearest is sent
    assert {e.dedupe_key.split(":")[1] for e in SentEmail.objects.all()} == {"before-1"}


def test_leads_who_submitted_are_not_reminded(client, world, open_round):
    services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="Done", rag=world.rag("green")),
        expected_state="new",
        submit=True,
    )
    run(DUE - datetime.timedelta(days=1))
    assert [m.to[0] for m in mail.outbox] == [world.lead2_person.email]


def test_a_lead_with_a_draft_is_still_reminded(world, open_round):
    services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="Half"),
        expected_state="new",
        submit=False,
    )
    run(DUE - datetime.timedelta(days=1))
    assert world.lead_person.email in [m.to[0] for m in mail.outbox]


def test_overdue_reminders_go_the_day_after_and_then_weekly(world, open_round):
    assert run(DUE + datetime.timedelta(days=1)) == 2
    assert run(DUE + datetime.timedelta(days=3)) == 0
    assert run(DUE + datetime.timedelta(days=8)) == 2
    kinds = set(SentEmail.objects.values_list("kind", flat=True))
    assert kinds == {SentEmail.Kind.OVERDUE}


def test_reminder_has_text_and_html_and_a_link_to_the_form(world, open_round):
    run(DUE - datetime.timedelta(days=7))
    message = next(m for m in mail.outbox if m.to == [world.lead_person.email])
    form_path = reverse("update_form", args=["home", world.plan.pk, world.row_a.pk])
    assert form_path in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert BeautifulSoup(html, "html.parser").find("a", href=lambda h: h and h.endswith(form_path))
    assert "Q3 2025/26" in message.subject


def test_closed_rounds_send_nothing(world, open_round):
    services.round_close(update_round=open_round)
    assert run(DUE + datetime.timedelta(days=1)) == 0


def test_lead_without_email_is_skipped(world, open_round):
    world.lead_person.email = ""
    world.lead_person.save()
    run(DUE - datetime.timedelta(days=7))
    assert [m.to[0] for m in mail.outbox] == [world.lead2_person.email]


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [
        (30, None),
        (14, "before-14"),
        (10, "before-14"),
        (5, "before-7"),
        (0, "before-1"),
        (-1, "overdue-week-0"),
        (-8, "overdue-week-1"),
    ],
)
def test_reminder_due_picks_the_right_reminder(world, open_round, days_before, expected):
    due = reminder_due(open_round, DUE - datetime.timedelta(days=days_before))
    assert (due.key if due else None) == expected


def test_returning_an_update_emails_its_author_with_the_comment(
    world, open_round, immediate_tasks, django_capture_on_commit_callbacks
):
    update = services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="Done", rag=world.rag("green")),
        expected_state="new",
        submit=True,
    )
    world.users["lead"].email = "lead@example.org"
    world.users["lead"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_return(update=update, reviewer=world.users["coordinator"], comment="Add figures")
    assert len(mail.outbox) == 1
    assert "Add figures" in mail.outbox[0].body
    assert SentEmail.objects.get().kind == SentEmail.Kind.RETURNED
    assert ProgressUpdate.objects.get().status == ProgressUpdate.Status.RETURNED


def test_email_log_lists_sent_reminders_for_the_coordinator(client, world, open_round):
    run(DUE - datetime.timedelta(days=7))
    client.force_login(world.users["coordinator"])
    page = BeautifulSoup(client.get(reverse("email_log", args=["home"])).content, "html.parser")
    rows = page.select("tbody tr")
    assert len(rows) == 2
    assert world.lead_person.email in page.get_text()


@pytest.mark.parametrize("username", ["viewer", "lead"])
def test_email_log_is_for_coordinators_only(client, world, username):
    client.force_login(world.users[username])
    assert client.get(reverse("email_log", args=["home"])).status_code == 403
