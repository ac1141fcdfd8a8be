"""The coordinator's home: the round they run, with outstanding rows by theme and organisation,
"remind these" (logged, once a day), submissions waiting for review (oldest first, linked) and
the next meeting. A round naming a meeting date creates or links that meeting."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partners.models import Meeting, Membership
from plans import services
from plans.models import SentEmail
from tests import factories


@pytest.fixture
def running_round(world):
    update_round = services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        meeting_date=timezone.localdate() + datetime.timedelta(days=20),
        opened_by=world.users["coordinator"],
    )
    factories.ProgressUpdateFactory(
        row=world.row_b, round=update_round, status="submitted", period_quarter=3, submitted_at=timezone.now()
    )
    return update_round


def home(client, world, username: str) -> BeautifulSoup:
    client.force_login(world.users[username])
    return BeautifulSoup(client.get(reverse("home")).content, "html.parser")


def test_the_coordinator_sees_outstanding_rows_by_theme_and_organisation(client, world, running_round):
    soup = home(client, world, "coordinator")
    themes = [li.get_text(" ", strip=True) for li in soup.select("[data-testid=outstanding-by-theme] li")]
    orgs = [
        li.get_text(" ", strip=True) for li in soup.select("[data-testid=outstanding-by-organisation] li")
    ]
    assert len(themes) == 1 and themes[0].endswith(": 1 row")
    assert orgs == ["Testshire Police (POL): 1 row"]


def test_submissions_waiting_for_review_link_straight_to_the_review(client, world, running_round):
    soup = home(client, world, "coordinator")
    links = soup.select("[data-testid=waiting-review] a")
    update = running_round.updates.get()
    assert [a["href"] for a in links] == [reverse("update_review", args=["home", world.plan.pk, update.pk])]


def test_the_round_meeting_date_creates_the_meeting_shown_as_next(client, world, running_round):
    meeting = Meeting.objects.get(partnership=world.partnership, date=running_round.meeting_date)
    assert meeting.plan == world.plan
    soup = home(client, world, "coordinator")
    assert meeting.title in soup.select_one("[data-testid=next-meeting]").get_text()


def test_a_round_links_an_existing_meeting_on_its_date_instead_of_adding_one(world):
    day = datetime.date(2026, 4, 20)
    existing = Meeting.objects.create(partnership=world.partnership, date=day, title="April board")
    services.round_open(
        plan=world.plan,
        year=2025,
        quarter=4,
        due_date=datetime.date(2026, 4, 1),
        meeting_date=day,
        opened_by=world.users["coordinator"],
    )
    assert list(Meeting.objects.filter(date=day)) == [existing]
    existing.refresh_from_db()
    assert existing.plan == world.plan


def test_remind_these_emails_outstanding_leads_once_a_day_and_logs_it(
    client, world, running_round, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(world.users["coordinator"])
    url = reverse("round_remind", args=["home", world.plan.pk, running_round.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302
    assert [m.to[0] for m in mail.outbox] == [world.lead_person.email]
    assert SentEmail.objects.filter(round=running_round, to_email=world.lead_person.email).count() == 1


def test_a_lead_gets_no_coordinator_section_and_cannot_remind(client, world, running_round):
    assert home(client, world, "lead").select("[data-testid=coordinator-round]") == []
    client.force_login(world.users["lead"])
    url = reverse("round_remind", args=["home", world.plan.pk, running_round.pk])
    assert client.post(url).status_code == 403
    assert mail.outbox == []


def test_a_person_with_several_roles_sees_each(client, world, running_round):
    other_round = services.round_open(
        plan=world.other_plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2026, 1, 14),
        opened_by=world.users["outsider"],
    )
    factories.MembershipFactory(
        user=world.users["coordinator"], partnership=world.other_partnership, role=Membership.Role.COORDINATOR
    )
    soup = home(client, world, "coordinator")
    headings = [s.h2.get_text(" ", strip=True) for s in soup.select("[data-testid=coordinator-round]")]
    assert len(headings) == 2 and any(world.other_plan.title in h for h in headings)
    assert other_round.pk


def test_a_coordinator_lands_on_home_with_the_rows_they_lead_under_my_actions(client, world, running_round):
    world.row_a.lead_people.add(world.users["coordinator"].people.get(partnership=world.partnership))
    soup = home(client, world, "coordinator")
    assert soup.h1.get_text(strip=True) == "Home"
    assert soup.find("h2", id="my-actions").get_text(strip=True) == "My actions"
    # The rows' groups sit under "My actions", a level below it.
    assert soup.select("[data-testid=my-actions] h3") and not soup.select("[data-testid=my-actions] h2")


def test_a_lead_officer_lands_on_my_actions(client, world, running_round):
    soup = home(client, world, "lead")
    assert soup.h1.get_text(strip=True) == "My actions"
    assert soup.find(id="my-actions") is None


def test_an_update_the_coordinator_wrote_waits_for_another_coordinator_not_for_them(
    client, world, running_round
):
    own = factories.ProgressUpdateFactory(
        row=world.row_a,
        round=running_round,
        status="submitted",
        period_quarter=3,
        submitted_at=timezone.now(),
        author=world.users["coordinator"],
    )
    soup = home(client, world, "coordinator")
    links = [a["href"] for a in soup.select("[data-testid=waiting-review] a")]
    assert reverse("update_review", args=["home", world.plan.pk, own.pk]) not in links and links
    assert "1 update you wrote" in soup.find(attrs={"data-testid": "for-another-reviewer"}).get_text()

    world.partnership.reviewer_not_author = False  # a one-coordinator partnership may self-review
    world.partnership.save(update_fields=["reviewer_not_author"])
    soup = home(client, world, "coordinator")
    links = [a["href"] for a in soup.select("[data-testid=waiting-review] a")]
    assert reverse("update_review", args=["home", world.plan.pk, own.pk]) in links
    assert soup.find(attrs={"data-testid": "for-another-reviewer"}) is None
