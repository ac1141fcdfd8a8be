"""What other apps' pages show of assessments (through the template tags), and the composer's
pages doing their one job each."""

import datetime

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from assessments.models import Duty, RecommendedPriority, ScanningRow
from assessments.services import recommendation_save, recommendations_to_plan


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_plan_page_says_which_assessment_recommended_a_theme(client, world, assessment):
    recommendation_save(recommendation=RecommendedPriority(assessment=assessment, title="Scams"))
    plan, [theme] = recommendations_to_plan(assessment=assessment)
    client.force_login(world.users["viewer"])
    page = soup(client.get(reverse("plan_detail", args=["home", plan.pk])))
    link = page.select_one("[data-testid=recommended-by] a")
    assert link.get_text() == "Strategic assessment 2025/26"
    assert link["href"] == reverse("assessment_detail", args=["home", assessment.pk])


def test_a_theme_nobody_recommended_shows_nothing(client, world):
    client.force_login(world.users["viewer"])
    page = soup(client.get(reverse("plan_detail", args=["home", world.plan.pk])))
    assert page.select("[data-testid=recommended-by]") == []


def test_the_coordinators_home_shows_what_is_late_and_next(client, world):
    today = timezone.localdate()
    for title, days in [("Late duty", -3), ("Next duty", 10), ("Later duty", 100)]:
        Duty.objects.create(
            partnership=world.partnership,
            kind=Duty.Kind.OTHER,
            title=title,
            due_date=today + datetime.timedelta(days=days),
        )
    client.force_login(world.users["coordinator"])
    page = soup(client.get(reverse("home")))
    late = [li.get_text(" ", strip=True) for li in page.select("[data-testid=duties-late] li")]
    upcoming = [li.get_text(" ", strip=True) for li in page.select("[data-testid=duties-next] li")]
    assert len(late) == 1 and "Late duty" in late[0]
    assert [u.split(",")[0] for u in upcoming] == ["Next duty", "Later duty"]


def test_a_lead_officers_home_has_no_partnership_year(client, world):
    Duty.objects.create(
        partnership=world.partnership, kind=Duty.Kind.OTHER, title="Duty", due_date=datetime.date(2020, 1, 1)
    )
    client.force_login(world.users["lead"])
    assert soup(client.get(reverse("home"))).select("[data-testid=partnership-year]") == []


def test_saving_a_scanning_row_through_its_page(client, world, assessment, crime):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("scanning_row_create", args=["home", assessment.pk]),
        {"topic": "Total crime", "indicator": crime.pk, "actions": [world.action.pk]},
    )
    assert response.status_code == 302
    row = ScanningRow.objects.get()
    assert row.previous_12_months.startswith("5,100 crimes in 2025/26")
    assert list(row.actions.all()) == [world.action]


def test_a_scanning_row_without_a_topic_is_refused_with_its_reason(client, world, assessment):
    client.force_login(world.users["coordinator"])
    page = soup(client.post(reverse("scanning_row_create", args=["home", assessment.pk]), {"topic": ""}))
    assert "Enter" in page.select_one(".govuk-error-summary").get_text() or page.select_one(
        ".govuk-error-message"
    )
    assert not ScanningRow.objects.exists()


def test_a_second_assessment_for_the_same_year_is_refused(client, world, assessment):
    client.force_login(world.users["coordinator"])
    page = soup(
        client.post(
            reverse("assessment_create", args=["home"]),
            {
                "title": "Again",
                "year": 2025,
                "assessment_date": "2026-01-01",
                "author": "A",
                "coverage": "B",
                "period_covered": "C",
            },
        )
    )
    assert "already" in page.select_one(".govuk-error-summary").get_text()


def test_turning_recommendations_into_a_plan_goes_to_the_plan(client, world, assessment):
    recommendation_save(recommendation=RecommendedPriority(assessment=assessment, title="Scams"))
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("recommendations_to_plan", args=["home", assessment.pk]))
    plan = world.partnership.plans.get(title="Delivery plan 2026/27")
    assert response["Location"] == reverse("plan_detail", args=["home", plan.pk])


def test_adding_the_default_duties_through_the_page(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("duty_defaults", args=["home"]), {"year": "2026"})
    assert response.status_code == 302
    assert world.partnership.duties.count() == 10


def test_resetting_the_feed_shows_the_new_address_once(client, world):
    client.force_login(world.users["coordinator"])
    page = soup(client.post(reverse("calendar_feed_reset", args=["home"]), follow=True))
    text = page.get_text(" ", strip=True)
    assert "/p/home/calendar/feed/" in text and ".ics" in text


def test_a_recommendation_that_became_a_theme_cannot_be_removed(client, world, assessment):
    recommendation = recommendation_save(
        recommendation=RecommendedPriority(assessment=assessment, title="Scams")
    )
    recommendations_to_plan(assessment=assessment)
    client.force_login(world.users["coordinator"])
    url = reverse("recommendation_delete", args=["home", assessment.pk, recommendation.pk])
    page = soup(client.post(url, follow=True))
    assert "already a theme" in page.get_text()
    assert RecommendedPriority.objects.filter(pk=recommendation.pk).exists()


def test_removing_an_emerging_issue(client, world, assessment):
    from assessments.models import EmergingIssue

    issue = EmergingIssue.objects.create(assessment=assessment, title="Vapes")
    client.force_login(world.users["coordinator"])
    client.post(reverse("emerging_issue_delete", args=["home", assessment.pk, issue.pk]))
    assert not EmergingIssue.objects.exists()


def test_yearly_figures_uploaded_through_the_page(client, world, crime):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["coordinator"])
    upload = SimpleUploadedFile("f.csv", b"Indicator,Area,2026/27\nTotal recorded crime,,4900\n", "text/csv")
    response = client.post(reverse("yearly_figures_upload", args=["home"]), {"file": upload}, follow=True)
    assert "1 yearly value(s) and 0 population figure(s) saved." in response.content.decode()
    assert crime.values.filter(period_label="2026/27").get().value == 4900


def test_a_bad_yearly_file_lists_each_problem_and_imports_nothing(client, world, crime):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["coordinator"])
    upload = SimpleUploadedFile("f.csv", b"Indicator,Area,2026/27\nTotal recorded crime,,many\n", "text/csv")
    page = soup(client.post(reverse("yearly_figures_upload", args=["home"]), {"file": upload}))
    errors = [li.get_text(strip=True) for li in page.select("[data-testid=upload-errors] li")]
    assert "Row 2, column 2026/27: “many” is not a number: write one such as 1,234 or 5.6." in errors
    assert not crime.values.filter(period_label="2026/27").exists()
