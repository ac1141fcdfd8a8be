"""Fictional DHR register for the Marshfield demo: two reviews at different stages, one with an
action plan of recommendations (one overdue). The coordinator types in updates for owners without
a login; the second coordinator accepts one, and the other waits for them (separation of duties).
Called by `load_demo` through DhrConfig.demo_load, so plans never imports this app. Every name,
place and date here is invented."""

import datetime

from django.utils import timezone

from dhr import services
from dhr.models import ExpectedStageTime, Recommendation, Stage
from partners.models import Partnership

DEMO_SLUG = "marshfield"


def load_dhr_demo(*, partnerships: list[Partnership], today: datetime.date | None = None) -> None:
    partnership = next((p for p in partnerships if p.slug == DEMO_SLUG), None)
    if partnership is None:
        return
    today = today or timezone.localdate()
    coordinator = partnership.memberships.get(user__username="coordinator").user
    # Updates the coordinator types in for owners without a login are reviewed by someone else.
    second_coordinator = partnership.memberships.get(user__username="coordinator2").user
    people = {p.name: p for p in partnership.people.select_related("organisation")}
    orgs = {o.short_name: o for o in partnership.organisations.all()}
    rag = {s.code: s for s in partnership.rag_statuses.all()}
    ExpectedStageTime.objects.create(partnership=partnership, stage=Stage.PANEL, days=90)

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    published = services.review_create(
        partnership=partnership,
        user=coordinator,
        reference="MDC-DHR-2023-01",
        home_office_reference="HO-DHR-23-0412",
        area="Marsh Vale",
        date_of_death=ago(900),
        notification_date=ago(880),
        decision="review",
        decision_date=ago(850),
        chair="Independent chair: Dr Helen Marr",
        author="Dr Helen Marr",
        managing_body="Marshfield Community Safety Partnership",
        summary="Review into the death of 'Adult A' (a pseudonym), aged 44, in Marsh Vale. "
        "Fictional demo case.",
    )
    for stage, days in [
        (Stage.DECISION, 850),
        (Stage.SCOPING, 820),
        (Stage.PANEL, 780),
        (Stage.IMR_REQUESTED, 770),
        (Stage.IMR_RECEIVED, 690),
        (Stage.DRAFT_REPORT, 560),
        (Stage.SUBMITTED, 480),
        (Stage.HOME_OFFICE_FEEDBACK, 330),
        (Stage.PUBLISHED, 240),
    ]:
        services.stage_record(review=published, stage=stage, date=ago(days), user=coordinator, today=today)
    services.review_progress_add(
        review=published,
        user=coordinator,
        narrative="Report published after Home Office quality assurance. Action plan agreed by the board.",
        rag=rag["amber"],
        rag_reason="One recommendation is past its due date.",
    )
    plan = [
        (
            "Police",
            "Insp Daniel Reeve",
            60,
            "Train call handlers to ask about coercive control on every domestic call.",
            None,
        ),
        (
            "MVH",
            "Sophie Grant",
            -120,
            "Flag tenancies where domestic abuse is disclosed and share the flag with the MARAC.",
            "amber",
        ),
        (
            "ICB",
            "Dr Anita Varma",
            200,
            "Give GP practices a routine-enquiry prompt for domestic abuse.",
            "blue",
        ),
    ]
    for number, (org, person, due_days_ago, text, status) in enumerate(plan, 1):
        recommendation = services.recommendation_save(
            recommendation=Recommendation(
                review=published,
                number=number,
                text=text,
                owner_organisation=orgs[org],
                lead_officer=people.get(person),
                due_date=ago(due_days_ago),
            )
        )
        if status and status in rag:
            lead_user = recommendation.lead_officer.user if recommendation.lead_officer else None
            update = services.recommendation_update_save(
                recommendation=recommendation,
                author=lead_user or coordinator,
                content=services.RecommendationContent(
                    narrative="Agreed with partners; progress reported to the board.",
                    rag=rag[status],
                    rag_reason="Waiting for the new housing system." if status == "amber" else "",
                ),
                expected_state="new",
                submit=True,
            )
            if status != "amber":  # the amber one waits for the second coordinator's review
                services.recommendation_update_accept(update=update, reviewer=second_coordinator)

    in_panel = services.review_create(
        partnership=partnership,
        user=coordinator,
        reference="MDC-DHR-2025-02",
        area="Northfield",
        date_of_death=ago(150),
        notification_date=ago(140),
        decision="review",
        decision_date=ago(125),
        chair="Independent chair: Mr Paul Oduya",
        managing_body="Marshfield Community Safety Partnership",
        summary="Review into the death of 'Adult B' (a pseudonym), aged 67. Fictional demo case.",
    )
    services.stage_record(review=in_panel, stage=Stage.DECISION, date=ago(125), user=coordinator, today=today)
    services.stage_record(review=in_panel, stage=Stage.SCOPING, date=ago(118), user=coordinator, today=today)
    services.stage_record(review=in_panel, stage=Stage.PANEL, date=ago(100), user=coordinator, today=today)
    services.review_progress_add(
        review=in_panel,
        user=coordinator,
        narrative="Panel met; two agencies have still to send their individual management reviews.",
        rag=rag["red"],
        rag_reason="IMRs are overdue from two agencies.",
    )
