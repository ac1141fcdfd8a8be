"""The register: stages, clocks, progress, recommendations followed in rounds, and the read log."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from dhr import selectors, services
from dhr.models import ExpectedStageTime, ReadLog, Recommendation, Review, Stage
from plans.models import UpdateRound
from tests.test_export_cells import HOSTILE, REVEALED

TODAY = datetime.date(2025, 9, 1)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# --- stages and clocks ------------------------------------------------------------------------


def test_recording_a_later_stage_moves_the_review_on(world, dhr):
    services.stage_record(
        review=dhr.review,
        stage=Stage.SUBMITTED,
        date=datetime.date(2025, 5, 1),
        user=world.users["coordinator"],
    )
    dhr.review.refresh_from_db()
    assert (dhr.review.stage, dhr.review.stage_since) == (Stage.SUBMITTED, datetime.date(2025, 5, 1))


def test_recording_an_earlier_stage_only_adds_to_the_history(world, dhr):
    services.stage_record(
        review=dhr.review,
        stage=Stage.SCOPING,
        date=datetime.date(2025, 3, 5),
        user=world.users["coordinator"],
    )
    dhr.review.refresh_from_db()
    assert dhr.review.stage == Stage.PANEL
    assert [e.stage for e in dhr.review.stage_events.all()] == ["notification", "panel", "scoping"]


def test_a_stage_before_the_notification_is_refused(world, dhr):
    with pytest.raises(ValidationError, match="before the notification"):
        services.stage_record(
            review=dhr.review,
            stage=Stage.PANEL,
            date=datetime.date(2024, 1, 1),
            user=world.users["coordinator"],
        )


def test_clocks_count_days_since_notification_and_submission(world, dhr):
    services.stage_record(
        review=dhr.review,
        stage=Stage.SUBMITTED,
        date=datetime.date(2025, 8, 1),
        user=world.users["coordinator"],
    )
    line = selectors.register(world.users["coordinator"], world.partnership, today=TODAY)[0]
    assert line.clocks.days_since_notification == (TODAY - datetime.date(2025, 1, 10)).days
    assert line.clocks.days_since_submission == 31
    assert line.clocks.recommendations_overdue == 1  # due 30 June 2025, no complete status


def test_a_stage_waiting_longer_than_the_partnerships_expected_time_is_late(world, dhr):
    ExpectedStageTime.objects.create(partnership=world.partnership, stage=Stage.PANEL, days=200)
    line = selectors.register(world.users["coordinator"], world.partnership, today=TODAY)[0]
    assert line.clocks.days_at_stage == (TODAY - datetime.date(2025, 3, 1)).days  # 184
    assert not line.clocks.stage_is_late
    ExpectedStageTime.objects.filter(stage=Stage.PANEL).update(days=100)
    line = selectors.register(world.users["coordinator"], world.partnership, today=TODAY)[0]
    assert line.clocks.stage_is_late


def test_the_register_page_shows_late_and_overdue_flags(client, world, dhr):
    ExpectedStageTime.objects.create(partnership=world.partnership, stage=Stage.PANEL, days=1)
    client.force_login(world.users["coordinator"])
    page = soup(client.get(reverse("dhr_register", args=["home"])))
    row = page.select_one("[data-testid=dhr-register] tbody tr")
    assert "Late" in row.get_text()
    assert "1 overdue" in row.get_text()
    figures = {
        dt.get_text(strip=True): dd.get_text(strip=True)
        for dt, dd in zip(page.select(".csp-dhr-figures dt"), page.select(".csp-dhr-figures dd"), strict=True)
    }
    assert figures["Recommendations overdue"] == "1"


def test_a_no_review_decision_needs_a_reason(world):
    with pytest.raises(ValidationError, match="reason"):
        services.review_create(
            partnership=world.partnership,
            user=world.users["coordinator"],
            reference="NR-1",
            area="Town",
            notification_date=datetime.date(2025, 1, 1),
            decision=Review.Decision.NO_REVIEW,
            decision_date=datetime.date(2025, 2, 1),
        )


def test_coordinator_adds_a_review_through_the_form(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("dhr_review_create", args=["home"]),
        {
            "reference": "FDC-2025-02",
            "area": "Wisbech",
            "notification_date": "2025-04-02",
            "decision": "pending",
        },
    )
    review = Review.objects.get(reference="FDC-2025-02")
    assert response.url == reverse("dhr_review_detail", args=["home", review.pk])
    assert review.stage_events.get().stage == Stage.NOTIFICATION


def test_a_duplicate_reference_is_refused_with_a_message(client, world, dhr):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("dhr_review_create", args=["home"]),
        {
            "reference": dhr.review.reference,
            "area": "X",
            "notification_date": "2025-04-02",
            "decision": "pending",
        },
    )
    assert "already on the register" in soup(response).select_one(".govuk-error-summary").get_text()


def test_progress_with_an_off_track_status_needs_a_reason(client, world, dhr):
    client.force_login(world.users["coordinator"])
    url = reverse("dhr_review_progress", args=["home", dhr.review.pk])
    response = client.post(url, {"narrative": "Panel delayed.", "rag": world.rag("red").pk})
    assert "Give a reason for the status Red." in soup(response).select_one(".govuk-error-summary").get_text()
    response = client.post(
        url, {"narrative": "Panel delayed.", "rag": world.rag("red").pk, "rag_reason": "IMR late"}
    )
    assert response.status_code == 302
    assert dhr.review.progress.get().rag_reason == "IMR late"


# --- recommendations --------------------------------------------------------------------------


def submit(recommendation, user, narrative="Done.", rag=None, state="new"):
    return services.recommendation_update_save(
        recommendation=recommendation,
        author=user,
        content=services.RecommendationContent(narrative=narrative, rag=rag),
        expected_state=state,
        submit=True,
    )


def test_accepting_an_owners_update_makes_it_the_current_status(world, dhr):
    update = submit(dhr.recommendation, world.users["lead"], rag=world.rag("green"))
    services.recommendation_update_accept(update=update, reviewer=world.users["coordinator"])
    dhr.recommendation.refresh_from_db()
    assert dhr.recommendation.current_rag == world.rag("green")


def test_a_returned_update_is_revised_as_a_new_version(world, dhr):
    first = submit(dhr.recommendation, world.users["lead"], rag=world.rag("green"))
    services.recommendation_update_return(
        update=first, reviewer=world.users["coordinator"], comment="Figures?"
    )
    second = submit(
        dhr.recommendation,
        world.users["lead"],
        rag=world.rag("green"),
        state=services.state_token(services.recommendation_latest(dhr.recommendation)),
    )
    assert (second.version, second.supersedes_id) == (2, first.pk)


def test_a_stale_form_gets_a_conflict_not_an_overwrite(world, dhr):
    draft = services.recommendation_update_save(
        recommendation=dhr.recommendation,
        author=world.users["lead"],
        content=services.RecommendationContent(narrative="Mine"),
        expected_state="new",
        submit=False,
    )
    with pytest.raises(services.EditConflict):
        services.recommendation_update_save(
            recommendation=dhr.recommendation,
            author=world.users["coordinator"],
            content=services.RecommendationContent(narrative="Theirs"),
            expected_state="new",
            submit=False,
        )
    draft.refresh_from_db()
    assert draft.narrative == "Mine"


def test_updates_are_tied_to_the_partnerships_open_round(world, dhr):
    update_round = UpdateRound.objects.create(
        plan=world.plan, year=2025, quarter=2, due_date=datetime.date(2025, 10, 15)
    )
    assert submit(dhr.recommendation, world.users["lead"], rag=world.rag("green")).round == update_round


def test_the_owner_updates_through_the_form_and_sees_it_in_my_actions(client, world, dhr):
    client.force_login(world.users["lead"])
    home = soup(client.get(reverse("home")))
    table = home.select_one("[data-testid=my-recommendations]")
    assert "coercive control" in table.get_text()
    assert "Overdue" in table.get_text()
    assert dhr.review.reference not in home.get_text()
    assert "Share housing flags" not in table.get_text()  # lead2's
    url = reverse("dhr_recommendation_update", args=["home", dhr.recommendation.pk])
    response = client.post(
        url, {"narrative": "Training booked.", "rag": world.rag("green").pk, "state": "new", "submit": "1"}
    )
    assert response.status_code == 302
    assert dhr.recommendation.updates.get().status == "submitted"
    row = soup(client.get(reverse("home"))).select_one("[data-testid=my-recommendations] tbody tr")
    assert "Submitted" in row.get_text()


def test_submitting_without_a_narrative_explains_what_is_missing(client, world, dhr):
    client.force_login(world.users["lead"])
    url = reverse("dhr_recommendation_update", args=["home", dhr.recommendation.pk])
    response = client.post(url, {"narrative": "", "state": "new", "submit": "1"})
    summary = soup(response).select_one(".govuk-error-summary").get_text()
    assert "Write the progress on this recommendation before submitting." in summary
    assert "Choose a RAG status before submitting." in summary


def test_the_round_page_lists_recommendations_for_the_cleared_coordinator_only(client, world, dhr):
    update_round = UpdateRound.objects.create(
        plan=world.plan, year=2025, quarter=2, due_date=datetime.date(2025, 10, 15)
    )
    url = reverse("round_detail", args=["home", world.plan.pk, update_round.pk])
    client.force_login(world.users["coordinator"])
    table = soup(client.get(url)).select_one("[data-testid=round-recommendations]")
    assert f"DHR {dhr.review.reference}, recommendation 1" in table.get_text()
    membership = world.users["coordinator"].memberships.get()
    membership.can_see_dhr = False
    membership.save()
    assert soup(client.get(url)).select_one("[data-testid=round-recommendations]") is None


def test_a_lead_officer_of_another_partnership_is_not_an_owner_here(world, dhr):
    assert not Recommendation.objects.owned_by(world.users["outsider"]).exists()


# --- the read log -----------------------------------------------------------------------------


def test_every_read_is_logged_with_who_what_and_how(client, world, dhr):
    client.force_login(world.users["dhr_viewer"])
    client.get(reverse("dhr_review_detail", args=["home", dhr.review.pk]))
    client.get(reverse("dhr_register_csv", args=["home"]))
    client.get(reverse("dhr_register", args=["home"]))
    entries = list(ReadLog.objects.order_by("id").values_list("user_name", "channel", "what", "review_id"))
    reference = dhr.review.reference
    assert entries == [
        ("Dhr_Viewer", "page", f"Review page: DHR {reference}", dhr.review.pk),
        ("Dhr_Viewer", "export", f"Register export (CSV): DHR {reference}", dhr.review.pk),
        ("Dhr_Viewer", "page", f"Register: DHR {reference}", dhr.review.pk),
    ]


def test_a_refused_read_is_not_logged_as_a_read(client, world, dhr):
    client.force_login(world.users["viewer"])
    client.get(reverse("dhr_review_detail", args=["home", dhr.review.pk]))
    assert not ReadLog.objects.exists()


def test_the_cleared_coordinator_sees_the_partnerships_log(client, world, dhr):
    client.force_login(world.users["dhr_viewer"])
    client.get(reverse("dhr_review_detail", args=["home", dhr.review.pk]))
    client.force_login(world.users["coordinator"])
    rows = soup(client.get(reverse("dhr_read_log", args=["home"]))).select("[data-testid=read-log] tbody tr")
    cells = [[td.get_text(strip=True) for td in row.select("td")] for row in rows]
    assert cells[0][1:] == ["Dhr_Viewer", "Web page", f"Review page: DHR {dhr.review.reference}"]


def test_the_log_holds_only_this_partnerships_reads(client, world, dhr):
    ReadLog.objects.create(
        partnership=world.other_partnership, user_name="Someone", channel="page", what="Other"
    )
    client.force_login(world.users["coordinator"])
    page = soup(client.get(reverse("dhr_read_log", args=["home"])))
    assert "Other" not in page.select_one("[data-testid=read-log]").get_text()


def test_a_cleared_search_is_logged(client, world, dhr):
    client.force_login(world.users["coordinator"])
    client.get(reverse("search", args=["home"]) + "?q=town")
    assert ReadLog.objects.get().what == f"Search result: DHR {dhr.review.reference}"


def test_the_register_export_never_runs_a_cell_as_a_formula(client, world, dhr):
    Review.objects.filter(pk=dhr.review.pk).update(area="=HYPERLINK(1)")
    client.force_login(world.users["coordinator"])
    text = client.get(reverse("dhr_register_csv", args=["home"])).content.decode()
    assert "'=HYPERLINK(1)" in text


def test_the_register_exports_show_unsafe_characters_as_codes(client, world, dhr):
    Review.objects.filter(pk=dhr.review.pk).update(summary=HOSTILE, area="=1+1")
    client.force_login(world.users["coordinator"])
    text = client.get(reverse("dhr_register_csv", args=["home"])).content.decode("utf-8-sig")
    line = next(row for row in csv.DictReader(io.StringIO(text)) if row["Summary"].startswith("Spent"))
    assert (line["Summary"], line["Town or area"]) == (REVEALED, "'=1+1")
    book = load_workbook(io.BytesIO(client.get(reverse("dhr_register_xlsx", args=["home"])).content))
    cells = {c.value: c.data_type for row in book.active.iter_rows() for c in row}
    assert cells[REVEALED] == "s" and cells["=1+1"] == "s"
