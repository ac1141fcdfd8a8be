"""The data a load benchmark needs, on top of the demo: benchmark leads with a row each in the
open round of the demo's funded plan, and the addresses the simulated users visit."""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.urls import reverse

from partners.models import Meeting, Membership, Person
from plans.demo_data import DEMO_PASSWORD, MONEY_DEMO_SLUG, demo_load
from plans.models import Plan, ProgressUpdate, ProjectRow, UpdateRound

BENCH_PREFIX = "bench-lead-"
SEARCH_WORDS = ["victims", "youth", "alcohol", "burglary", "referrals", "knife", "road", "night"]


@transaction.atomic
def bench_setup(*, leads: int) -> dict:
    """Idempotent: the demo (if missing), `leads` benchmark leads each leading one new row of the
    funded plan, and the simulated users' configuration."""
    demo_load()
    plan = Plan.objects.select_related("partnership").get(partnership__slug=MONEY_DEMO_SLUG, status="live")
    partnership = plan.partnership
    open_round = plan.rounds.get(status=UpdateRound.Status.OPEN)
    action = plan.actions.select_related("theme").order_by("sort_key").first()
    if action is None:
        raise ValueError("The demo plan has no actions.")
    password = make_password(DEMO_PASSWORD)
    configured = []
    for number in range(1, leads + 1):
        username = f"{BENCH_PREFIX}{number:02d}"
        user, _ = User.objects.get_or_create(username=username, defaults={"password": password})
        Membership.objects.get_or_create(
            user=user, partnership=partnership, defaults={"role": Membership.Role.LEAD_OFFICER}
        )
        person, _ = Person.objects.get_or_create(
            partnership=partnership, user=user, defaults={"name": f"Bench Lead {number}"}
        )
        row = ProjectRow.objects.filter(action=action, lead_people=person).first()
        if row is None:
            row = ProjectRow.objects.create(
                action=action, position=100 + number, description=f"Benchmark row {number}"
            )
            row.lead_people.add(person)
        configured.append(
            {
                "username": username,
                "row": row.pk,
                "form": reverse("update_form", args=[partnership.slug, plan.pk, row.pk]),
            }
        )
    viewer = Membership.objects.filter(partnership=partnership, role=Membership.Role.VIEWER).first()
    coordinator = Membership.objects.filter(partnership=partnership, role=Membership.Role.COORDINATOR).first()
    meeting = Meeting.objects.filter(partnership=partnership).order_by("-date").first()
    if viewer is None or coordinator is None or meeting is None:
        raise ValueError("The demo partnership needs a viewer, a coordinator and a meeting.")
    green = partnership.rag_statuses.filter(needs_reason=False).order_by("severity").first()
    if green is None:
        raise ValueError("The demo RAG scale has no status that needs no reason.")
    return {
        "password": DEMO_PASSWORD,
        "leads": configured,
        "viewer": viewer.user.username,
        "coordinator": coordinator.user.username,
        "rag": green.pk,
        "plan": reverse("plan_detail", args=[partnership.slug, plan.pk]),
        "dashboard": reverse("plan_dashboard", args=[partnership.slug, plan.pk]),
        "search": reverse("search", args=[partnership.slug]),
        "words": SEARCH_WORDS,
        "round": reverse("round_detail", args=[partnership.slug, plan.pk, open_round.pk]),
        "meetings": reverse("meeting_list", args=[partnership.slug]),
        "board_pack": reverse("board_pack_pdf", args=[partnership.slug, meeting.pk]),
    }


def signed_in_session(user: User) -> str:
    """A session key of `user` signed in, as the login page would make it: deadline week's users
    are mostly signed in already, and a password hash costs a second of CPU each."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key or ""


def bench_sessions(config: dict) -> dict[str, str]:
    """One signed-in session per account the simulated users use."""
    names = [lead["username"] for lead in config["leads"]] + [config["viewer"], config["coordinator"]]
    return {user.username: signed_in_session(user) for user in User.objects.filter(username__in=names)}


@dataclass
class JournalCheck:
    submitted: int = 0
    drafts_checked: int = 0
    problems: list[str] = field(default_factory=list)


def journal_check(*, journal: Path) -> JournalCheck:
    """Every submission a user saw succeed is in the database exactly once (one cut off by the end
    of the run at most once); each row's draft now is its last answered draft, or a save sent
    after it that the end of the run cut off."""
    check = JournalCheck()
    entries = [json.loads(line) for line in journal.read_text().splitlines()] if journal.exists() else []
    answered = {(e["row"], e["text"]) for e in entries if e["kind"] in {"draft", "submit"}}
    sent = [e for e in entries if e["kind"] in {"submit", "submit-sent"}]
    texts = Counter(
        ProgressUpdate.objects.filter(narrative__in=[e["text"] for e in sent])
        .exclude(status=ProgressUpdate.Status.DRAFT)
        .values_list("narrative", flat=True)
    )
    answered_submissions = {e["text"] for e in sent if e["kind"] == "submit"}
    check.submitted = len(answered_submissions)
    for text in sorted({e["text"] for e in sent}):
        # Answered: exactly once. Cut off by the end of the run: at most once.
        if texts[text] > 1 or (text in answered_submissions and texts[text] != 1):
            check.problems.append(f"submission {text!r} is in the database {texts[text]} times")
    # Per row: the last answered entry, and what was sent after it without an answer.
    last: dict[int, dict] = {}
    unanswered: dict[int, list[str]] = defaultdict(list)
    for entry in entries:
        if entry["kind"] in {"draft", "submit"}:
            last[entry["row"]] = entry
            unanswered[entry["row"]] = []
        elif (entry["row"], entry["text"]) not in answered:
            unanswered[entry["row"]].append(entry["text"])
    drafts = defaultdict(list)
    for update in ProgressUpdate.objects.filter(row_id__in=list(last), status=ProgressUpdate.Status.DRAFT):
        drafts[update.row_id].append(update.narrative)
    for row_id, entry in last.items():
        if entry["kind"] != "draft":
            continue
        check.drafts_checked += 1
        acceptable = [[entry["text"]]] + [[text] for text in unanswered[row_id]]
        if unanswered[row_id]:
            acceptable.append([])  # a submission cut off by the end of the run took the draft
        if drafts[row_id] not in acceptable:
            check.problems.append(
                f"row {row_id}: last draft {entry['text']!r} lost (found {drafts[row_id]!r})"
            )
    return check
