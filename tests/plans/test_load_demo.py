"""`manage.py load_demo`: the fictional demo partnerships, their logins, two years of updates
and an open round for the current quarter, all dated from the day it runs.

The demo is built once for this module, inside a transaction that is rolled back at the end;
each test runs in its own savepoint within it, so a test that changes data changes it only for
itself.
"""

import datetime
import io
import re
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from csp_tracker.periods import Quarter
from dhr.models import Review
from indicators.models import IndicatorValue
from partners.models import GlossaryTerm, Membership, Organisation, Partnership, Person
from plans.demo_content import TRY_FIRST
from plans.demo_data import DEMO_PASSWORD, demo_load
from plans.models import (
    Action,
    Allocation,
    Plan,
    ProgressUpdate,
    ProjectRow,
    SentEmail,
    Target,
    TargetFigure,
    Theme,
    UpdateRound,
)
from plans.selectors import round_row_statuses
from reports.models import ScrutinyReport

APRIL = 4  # the usual first month of a partnership's year

pytestmark = pytest.mark.django_db

LOGINS = {
    # username: (partnership slug, role, may see DHRs, role as printed)
    "coordinator": ("marshfield", Membership.Role.COORDINATOR, True, "coordinator, DHR access"),
    "coordinator2": ("marshfield", Membership.Role.COORDINATOR, True, "coordinator, DHR access"),
    "lead": ("marshfield", Membership.Role.LEAD_OFFICER, False, "lead officer, no DHR access"),
    "lead2": ("marshfield", Membership.Role.LEAD_OFFICER, False, "lead officer, no DHR access"),
    "viewer": ("marshfield", Membership.Role.VIEWER, False, "viewer, no DHR access"),
    "outsider": ("eastbrook", Membership.Role.COORDINATOR, True, "coordinator (eastbrook), DHR access"),
}
STAGES = {"not_started": 0.35, "draft": 0.15, "submitted": 0.25, "returned": 0.10, "accepted": 0.15}
Status = ProgressUpdate.Status


def quarters_before(quarter: Quarter, count: int) -> list[Quarter]:
    quarters = [quarter.previous()]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    return quarters


def load_demo() -> list[str]:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def plan(demo_output) -> Plan:
    return Plan.objects.get(partnership__slug="marshfield", status=Plan.Status.LIVE)


@pytest.fixture
def rows(plan) -> list[ProjectRow]:
    return list(ProjectRow.objects.filter(action__plan=plan).prefetch_related("updates__rag"))


@pytest.fixture
def today(demo_output) -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def open_round(plan) -> UpdateRound:
    return plan.rounds.get(status=UpdateRound.Status.OPEN)


def model_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


# --- checks that hold whatever the day the demo is built ------------------------------------------


def check_strategy_period(plan: Plan, day: datetime.date) -> None:
    """The strategy is in its third year: it started on 1 April two years before this one."""
    current = Quarter.containing(day, APRIL)
    assert plan.start_date == datetime.date(current.year - 2, 4, 1)
    assert plan.end_date == datetime.date(current.year + 1, 3, 31)
    assert plan.start_date <= day <= plan.end_date
    assert plan.title == f"Community Safety Strategy {plan.start_date.year}-{plan.end_date.year}"


def check_history(plan: Plan, day: datetime.date) -> None:
    """A closed round with accepted updates for each of the eight quarters before this one."""
    history = quarters_before(Quarter.containing(day, APRIL), 8)
    closed = plan.rounds.filter(status=UpdateRound.Status.CLOSED)
    assert sorted(Quarter(r.year, r.quarter, APRIL) for r in closed) == history
    for round_ in closed:
        assert round_.opened_at < round_.closed_at
        assert timezone.localdate(round_.closed_at) < day
    updates = ProgressUpdate.objects.filter(row__action__plan=plan, round__status=UpdateRound.Status.CLOSED)
    assert sorted(set(updates.values_list("period_year", "period_quarter"))) == [
        (q.year, q.number) for q in history
    ]
    assert set(updates.values_list("status", flat=True)) == {Status.ACCEPTED}
    assert not ProgressUpdate.objects.filter(row__action__plan=plan, round__isnull=True).exists()
    for update in updates.select_related("round"):
        quarter = Quarter(update.period_year, update.period_quarter, APRIL)
        assert (update.round.year, update.round.quarter) == (quarter.year, quarter.number)
        assert quarter.start <= update.update_date <= quarter.next().start.replace(day=15), update
        assert update.update_date < day and update.submitted_at < update.reviewed_at
        assert timezone.localdate(update.reviewed_at) < day


def check_open_round(plan: Plan, day: datetime.date) -> None:
    """The round for this quarter is open, due two weeks after the quarter ends."""
    current = Quarter.containing(day, APRIL)
    open_round = plan.rounds.get(status=UpdateRound.Status.OPEN)
    assert Quarter(open_round.year, open_round.quarter, APRIL) == current
    assert open_round.due_date == current.end + datetime.timedelta(days=14)
    assert open_round.due_date < open_round.meeting_date <= open_round.due_date + datetime.timedelta(days=10)
    assert open_round.reminder_offsets == [14, 7, 1]
    assert open_round.opened_by.username == "coordinator" and open_round.closed_at is None
    assert timezone.localdate(open_round.opened_at) <= day
    last_closed = plan.rounds.filter(status=UpdateRound.Status.CLOSED).latest("closed_at")
    assert open_round.opened_at > last_closed.closed_at


def check_lead_officers(plan: Plan, open_round: UpdateRound) -> None:
    """Each lead officer's "My actions" page shows rows at every stage of the round."""
    lines = round_row_statuses(open_round)
    for username in ["lead", "lead2"]:
        person = Person.objects.get(user__username=username, partnership=plan.partnership)
        stages = {line.status for line in lines if person in line.row.lead_people.all()}
        assert stages == set(STAGES), username


def check_open_round_updates(open_round: UpdateRound, day: datetime.date) -> None:
    """Versions, drafts, submissions and reviews are as the services would have left them."""
    quarter = Quarter(open_round.year, open_round.quarter, APRIL)
    updates = list(ProgressUpdate.objects.filter(round=open_round).order_by("row", "version"))
    by_row: dict[int, list[ProgressUpdate]] = {}
    for update in updates:
        by_row.setdefault(update.row_id, []).append(update)
        assert (update.period_year, update.period_quarter) == (quarter.year, quarter.number)
        assert quarter.start <= update.update_date <= day
        assert update.rag and update.narrative and open_round.opened_at < update.created_at
        assert update.created_at <= update.updated_at and timezone.localdate(update.updated_at) <= day
        if update.status == Status.DRAFT:
            assert update.submitted_at is None and update.reviewed_at is None
        else:
            assert update.created_at <= update.submitted_at
            assert timezone.localdate(update.submitted_at) == update.update_date
        if update.status == Status.SUBMITTED:
            assert update.reviewed_at is None and update.reviewed_by is None
        if update.status in {Status.ACCEPTED, Status.RETURNED}:
            assert update.submitted_at < update.reviewed_at == update.updated_at
            assert update.reviewed_by.username == "coordinator"
        assert bool(update.review_comment) == (update.status == Status.RETURNED)
    for versions in by_row.values():
        assert [u.version for u in versions] == list(range(1, len(versions) + 1))
        assert [u.supersedes_id for u in versions] == [None] + [u.pk for u in versions[:-1]]
        assert all(u.status == Status.RETURNED for u in versions[:-1])
        assert sum(u.status == Status.DRAFT for u in versions) <= 1


def check_current_updates(plan: Plan) -> None:
    """Each row's current update is its accepted update for the latest quarter."""
    rows = ProjectRow.objects.filter(action__plan=plan).prefetch_related("updates")
    for row in rows:
        accepted = [u for u in row.updates.all() if u.status == Status.ACCEPTED]
        latest = max(accepted, key=lambda u: (u.period_year, u.period_quarter, u.version), default=None)
        assert row.current_update_id == (latest.pk if latest else None), row


def test_builds_a_live_three_year_strategy_in_its_third_year_with_four_themes(plan, today):
    assert (plan.kind, plan.status) == (Plan.Kind.STRATEGY, Plan.Status.LIVE)
    check_strategy_period(plan, today)
    assert plan.vision and plan.highlights and plan.carry_over_notes
    themes = list(plan.themes.all())
    assert [theme.number for theme in themes] == ["1", "2", "3", "4"]
    for theme in themes:
        assert theme.description and theme.lead_agency.partnership_id == plan.partnership_id
        assert 2 <= len(theme.indicator_lines) <= 3


def test_has_20_to_30_actions_numbered_in_both_styles(plan):
    references = list(plan.actions.values_list("reference", flat=True))
    assert 20 <= len(references) <= 30
    assert any(re.fullmatch(r"\d+\.\d+\.\d+", ref) for ref in references)
    assert any(re.fullmatch(r"\d+\.\d+\([a-z]\)", ref) for ref in references)


def test_every_action_has_one_to_three_rows_each_with_leads(plan, rows):
    row_counts = plan.actions.annotate(n=Count("rows")).values_list("n", flat=True)
    assert all(1 <= n <= 3 for n in row_counts)
    for row in rows:
        assert row.lead_people.exists() and row.lead_organisations.exists(), row


def test_actions_carry_budgets_due_dates_and_numbered_expected_outcomes(plan):
    actions = list(plan.actions.prefetch_related("expected_outcomes__status"))
    assert any(a.budget and a.budget_text.startswith("£") for a in actions)
    assert any(a.due_date for a in actions) and any(a.due_text for a in actions)
    with_outcomes = [a for a in actions if a.expected_outcomes.all()]
    assert with_outcomes
    for action in with_outcomes:
        outcomes = list(action.expected_outcomes.all())
        assert [o.number for o in outcomes] == list(range(1, len(outcomes) + 1))
        assert all(o.status.partnership_id == plan.partnership_id for o in outcomes)
    assert any(o.status_note for a in with_outcomes for o in a.expected_outcomes.all())


def test_partnership_has_organisations_people_and_a_glossary(plan):
    partnership = plan.partnership
    assert partnership.rag_statuses.filter(code="blue", is_complete=True).exists()
    kinds = Counter(Organisation.objects.filter(partnership=partnership).values_list("kind", flat=True))
    assert kinds[Organisation.Kind.STATUTORY] >= 5 and kinds[Organisation.Kind.INVITED] >= 3
    people = Person.objects.filter(partnership=partnership)
    assert people.count() >= 12
    assert all(p.job_title and p.email.endswith("@example.org") for p in people)
    acronyms = set(GlossaryTerm.objects.filter(partnership=partnership).values_list("acronym", flat=True))
    assert {"ASB", "CSP", "DA", "DHR", "IDVA", "KSI", "MARAC", "NTE", "OPCC", "PSPO", "RSL"} <= acronyms


def test_targets_mix_text_and_numeric_with_baselines(plan):
    targets = Target.objects.filter(row__action__plan=plan)
    assert targets.filter(kind=Target.Kind.TEXT).exists()
    numeric = targets.filter(kind=Target.Kind.NUMERIC)
    assert numeric.filter(unit="%").exists()
    assert numeric.filter(baseline__isnull=False).exclude(baseline_period="").exists()
    ksi = numeric.get(description__startswith="KSI")
    assert (ksi.target_value, ksi.direction) == (43, Target.Direction.LOWER)


def test_accepted_history_covers_the_eight_quarters_before_this_one(plan, today):
    check_history(plan, today)


def test_the_eastbrook_plan_is_for_the_year_of_the_last_quarter_ended(demo_output, today):
    last = Quarter.containing(today, APRIL).previous()
    plan = Plan.objects.get(partnership__slug="eastbrook")
    assert (plan.start_date, plan.end_date) == (
        Quarter(last.year, 1, APRIL).start,
        Quarter(last.year, 4, APRIL).end,
    )
    assert plan.title == f"Eastbrook Community Safety Action Plan {last.year}/{(last.year + 1) % 100:02d}"
    closed = [Quarter(r.year, r.quarter, APRIL) for r in plan.rounds.order_by("year", "quarter")]
    assert closed == [Quarter(last.year, n, APRIL) for n in range(1, last.number + 1)]
    assert not plan.rounds.filter(status=UpdateRound.Status.OPEN).exists()


def test_the_open_round_is_the_only_one_and_is_for_this_quarter(plan, open_round, today):
    assert list(UpdateRound.objects.filter(status=UpdateRound.Status.OPEN)) == [open_round]
    check_open_round(plan, today)


def test_the_open_round_has_rows_at_every_stage_in_realistic_shares(open_round):
    lines = round_row_statuses(open_round)
    stages = Counter(line.status for line in lines)
    assert set(stages) == set(STAGES)
    for stage, share in STAGES.items():
        assert abs(stages[stage] / len(lines) - share) <= 0.06, stages


def test_each_lead_officer_has_rows_at_every_stage(plan, open_round):
    check_lead_officers(plan, open_round)


def test_open_round_updates_keep_the_rules_of_the_workflow(plan, open_round, today):
    check_open_round_updates(open_round, today)


def test_one_returned_update_was_resubmitted_with_what_was_asked_for(open_round):
    second = ProgressUpdate.objects.get(round=open_round, version=2)
    first = second.supersedes
    assert (first.status, first.version, second.status) == (Status.RETURNED, 1, Status.SUBMITTED)
    assert first.review_comment and second.narrative.startswith(first.narrative + " ")
    assert second.submitted_at > first.reviewed_at
    assert set(first.figures.values_list("target", "value")) == set(
        second.figures.values_list("target", "value")
    )


def test_the_coordinator_submitted_one_update_for_a_lead_without_a_login(open_round):
    update = ProgressUpdate.objects.get(on_behalf_of__isnull=False)
    assert (update.round, update.status) == (open_round, Status.SUBMITTED)
    assert update.author.username == "coordinator"
    assert update.author_name == update.author.get_full_name()
    assert update.on_behalf_of in update.row.lead_people.all()
    assert update.on_behalf_of.user is None


def test_statuses_vary_and_are_mostly_green(plan):
    codes = Counter(ProgressUpdate.objects.filter(row__action__plan=plan).values_list("rag__code", flat=True))
    assert {"red", "amber", "green", "blue"} <= set(codes)
    assert codes.most_common(1)[0][0] == "green"
    assert codes["red"] < codes["amber"] < codes["green"]


def test_rows_change_status_over_time(rows):
    changing = [row for row in rows if len({u.rag.code for u in row.updates.all()}) > 1]
    assert len(changing) >= len(rows) // 2


def test_narratives_are_varied(plan):
    narratives = list(
        ProgressUpdate.objects.filter(row__action__plan=plan).values_list("narrative", flat=True)
    )
    assert all(narratives)
    assert len(set(narratives)) == len(narratives)


def test_off_track_updates_give_a_reason_and_a_risk(plan):
    off_track = ProgressUpdate.objects.filter(row__action__plan=plan, rag__code__in=["amber", "red"])
    assert off_track.exists()
    assert not off_track.filter(rag_reason="").exists()
    assert not off_track.filter(risk="").exists()


def test_authors_are_the_lead_officers(rows):
    for row in rows:
        leads = {person.name: person.user_id for person in row.lead_people.all()}
        for update in row.updates.all():
            if update.on_behalf_of_id:
                assert update.on_behalf_of.name in leads, update
            else:
                assert leads[update.author_name] == update.author_id, update
    authors = {u.author.username for row in rows for u in row.updates.all() if u.author_id}
    assert {"lead", "lead2"} <= authors


def test_numeric_targets_have_a_figure_in_every_update(rows):
    checked = 0
    for row in rows:
        numeric = [t for t in row.targets.all() if t.is_numeric]
        for update in row.updates.all():
            figures = {f.target_id for f in TargetFigure.objects.filter(update=update)}
            assert figures == {t.pk for t in numeric}, update
            checked += len(figures)
    assert checked > 100


def test_a_few_rows_have_no_update_at_all(rows):
    silent = [row for row in rows if not row.updates.all()]
    assert 1 <= len(silent) <= 5
    assert all(row.current_update_id is None for row in silent)


def test_current_update_is_the_latest_accepted_update_of_each_row(plan, open_round):
    check_current_updates(plan)
    assert ProjectRow.objects.filter(action__plan=plan, current_update__round=open_round).exists()


def test_prints_each_login_with_what_to_try_first_then_the_summary(demo_output):
    expected = [
        line
        for username, (_slug, _role, _dhr, shown) in LOGINS.items()
        for line in (
            f"username: {username} password: {DEMO_PASSWORD} role: {shown}",
            f"  try first: {TRY_FIRST[username]}",
        )
    ]
    assert demo_output[: len(expected)] == expected  # then lines from the apps above (a public URL)
    actions = Action.objects.filter(plan__partnership__slug__in=["marshfield", "eastbrook"])
    rows = ProjectRow.objects.filter(action__in=actions)
    open_round = UpdateRound.objects.get(status=UpdateRound.Status.OPEN)
    assert demo_output[-1] == (
        f"demo data ready: 2 partnerships, {actions.count()} actions, {rows.count()} rows, "
        f"{ProgressUpdate.objects.filter(row__in=rows).count()} updates, open round {open_round.period(4)}"
    )


def test_each_login_has_its_role_a_person_and_the_demo_password(demo_output):
    for username, (slug, role, can_see_dhr, _shown) in LOGINS.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        membership = Membership.objects.get(user=user)
        assert (membership.partnership.slug, membership.role, membership.can_see_dhr) == (
            slug,
            role,
            can_see_dhr,
        )
        assert Person.objects.get(user=user).partnership.slug == slug


def test_the_two_lead_officers_lead_rows_for_different_organisations(demo_output):
    lead = Person.objects.get(user__username="lead")
    lead2 = Person.objects.get(user__username="lead2")
    assert lead.organisation_id != lead2.organisation_id
    assert lead.led_rows.count() >= 3 and lead2.led_rows.count() >= 3


def test_the_outsider_coordinates_only_the_small_second_partnership(demo_output):
    eastbrook = Partnership.objects.get(slug="eastbrook")
    assert Theme.objects.filter(plan__partnership=eastbrook).count() == 1
    assert Action.objects.filter(plan__partnership=eastbrook).count() == 2
    assert list(
        Membership.objects.filter(user__username="outsider").values_list("partnership", flat=True)
    ) == [eastbrook.pk]
    assert not Membership.objects.filter(partnership=eastbrook).exclude(user__username="outsider").exists()


def test_running_it_again_changes_nothing(demo_output):
    before = model_counts()
    assert load_demo() == demo_output
    assert model_counts() == before


def test_the_content_is_the_same_every_time(demo_output):
    def story(partnership):
        updates = ProgressUpdate.objects.filter(row__action__plan__partnership=partnership).order_by(
            "row__action__sort_key", "row__position", "period_year", "period_quarter"
        )
        return list(updates.values_list("rag__code", "status", "version", "update_date", "narrative", "risk"))

    first = Partnership.objects.get(slug="marshfield")
    first_story = story(first)
    Partnership.objects.filter(pk=first.pk).update(slug="marshfield-old", name="Old copy")
    load_demo()
    assert story(Partnership.objects.get(slug="marshfield")) == first_story


def test_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    before = Partnership.objects.count()
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=io.StringIO())
    assert Partnership.objects.count() == before


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2027, 4, 1),  # the first day of a year: a new strategy year, a new round
        datetime.date(2026, 10, 1),  # the first day of a quarter, before the last round was due
        datetime.date(2027, 3, 31),  # the last day of a year
        datetime.date(2028, 2, 29),  # a leap day
    ],
)
def test_the_demo_looks_current_whatever_the_day(demo_output, day):
    for partnership in Partnership.objects.filter(slug__in=["marshfield", "eastbrook"]):
        Partnership.objects.filter(pk=partnership.pk).update(
            slug=f"{partnership.slug}-old", name=f"Old {partnership.name}"
        )
    demo_load(today=day)
    plan = Plan.objects.get(partnership__slug="marshfield", status=Plan.Status.LIVE)
    open_round = plan.rounds.get(status=UpdateRound.Status.OPEN)
    check_strategy_period(plan, day)
    check_history(plan, day)
    check_open_round(plan, day)
    assert {line.status for line in round_row_statuses(open_round)} == set(STAGES)
    check_lead_officers(plan, open_round)
    check_open_round_updates(open_round, day)
    check_current_updates(plan)
    eastbrook = Plan.objects.get(partnership__slug="eastbrook")
    assert eastbrook.start_date <= Quarter.containing(day, APRIL).previous().start < eastbrook.end_date


# --- every feature on first login (issue 11's list) -------------------------------------


def test_two_board_meetings_one_held_with_minutes_and_one_to_come(plan, today):
    meetings = list(plan.partnership.meetings.order_by("date"))
    held = [m for m in meetings if m.date < today]
    assert held and [m for m in meetings if m.date >= today]
    assert held[-1].attendance.exists() and held[-1].action_log.exists()
    assert held[-1].agenda_items.exclude(minutes="").exists()


def test_an_issued_scrutiny_report_with_you_said_we_did_and_statistics_and_a_draft(plan):
    issued = ScrutinyReport.objects.get(plan=plan, status=ScrutinyReport.Status.ISSUED)
    assert len(issued.you_said_we_did) == 3 and issued.snapshot_html
    table = issued.statistics_tables.get()
    assert table.rows.count() == 4 and len(table.columns) == 2
    assert issued.background_papers.exists()
    assert ScrutinyReport.objects.filter(plan=plan, status=ScrutinyReport.Status.DRAFT).exists()


def test_next_years_draft_plan_holds_unfinished_actions_carried_over_with_their_history(plan):
    draft = Plan.objects.get(previous_plan=plan, status=Plan.Status.DRAFT)
    carried = list(draft.actions.select_related("carried_from"))
    assert 1 <= len(carried) <= 6
    assert all(action.carried_from.plan_id == plan.pk for action in carried)
    origins = [action.carried_from for action in carried]
    assert ProgressUpdate.objects.filter(row__action__in=origins, status=Status.ACCEPTED).exists()


def test_indicators_have_several_years_of_values(plan):
    years = IndicatorValue.objects.filter(indicator__partnership=plan.partnership).dates(
        "period_start", "year"
    )
    assert len(years) >= 3


def test_the_lead_has_an_update_returned_with_the_coordinators_comment(plan, open_round):
    lead = get_user_model().objects.get(username="lead")
    returned = ProgressUpdate.objects.filter(round=open_round, author=lead, status=Status.RETURNED)
    assert returned.exists() and all(update.review_comment for update in returned)


def test_the_plan_has_funding_and_the_register_has_dhr_cases(plan):
    assert plan.funding_sources.exists() and Allocation.objects.filter(plan=plan).exists()
    assert Review.objects.filter(partnership=plan.partnership).exists()


def test_the_e_mail_log_shows_the_review_e_mails_sent_to_demo_logins(plan, open_round):
    reviewed = ProgressUpdate.objects.filter(
        round=open_round, status__in=[Status.ACCEPTED, Status.RETURNED], author__isnull=False
    )
    logged = SentEmail.objects.filter(
        round=open_round, kind__in=[SentEmail.Kind.ACCEPTED, SentEmail.Kind.RETURNED]
    )
    assert logged.count() == reviewed.count() > 0
    logins = set(get_user_model().objects.filter(username__in=LOGINS).values_list("email", flat=True))
    assert logins & set(logged.values_list("to_email", flat=True))
    assert all(email.sent_at <= timezone.now() for email in logged)
