"""Import and carry-over pages: permissions for every role, and the upload → preview → confirm flow."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Action, Plan, ProgressUpdate
from tests.plans.importing import corpus, files
from tests.plans.importing.test_import_service import table_counts

ROLES = ["viewer", "lead", "lead2", "coordinator", "outsider"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, world, data=None, name="plan.docx", **fields):
    data = corpus.word_numbered_headings() if data is None else data
    post = {"title": "Fenland 2014/15", "start_date": "2014-04-01", "end_date": "2015-03-31"} | fields
    post["file"] = SimpleUploadedFile(name, data)
    return client.post(reverse("plan_import", args=[world.partnership.slug]), post)


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer", 403), ("lead", 403), ("lead2", 403), ("coordinator", 200), ("outsider", 404)],
)
@pytest.mark.parametrize("route", ["plan_import", "plan_carry_over"])
def test_only_the_coordinator_may_open_import_and_carry_over(client, world, role, status, route):
    client.force_login(world.users[role])
    args = [world.partnership.slug] + ([world.plan.pk] if route == "plan_carry_over" else [])
    assert client.get(reverse(route, args=args)).status_code == status


@pytest.mark.parametrize("route", ["plan_import", "plan_carry_over"])
def test_anonymous_is_sent_to_log_in(client, world, route):
    args = [world.partnership.slug] + ([world.plan.pk] if route == "plan_carry_over" else [])
    assert client.get(reverse(route, args=args))["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("lead", 403), ("outsider", 404)])
def test_others_cannot_post_an_upload_and_nothing_is_stored(client, world, role, status, tmp_path):
    client.force_login(world.users[role])
    assert upload(client, world).status_code == status
    assert not (tmp_path / "plan-imports").exists()


def test_upload_shows_a_preview_and_writes_nothing(client, world):
    client.force_login(world.users["coordinator"])
    before = table_counts()
    response = upload(client, world)
    assert response.status_code == 302
    page = soup_of(client.get(response["Location"]))
    counts = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in page.select("[data-testid=import-counts] tbody tr")
    }
    assert counts["Actions"] == ["4", "4", "0"]
    assert counts["Updates"] == ["6", "6", "0"]
    assert "Aarron Locks" in [li.get_text(strip=True) for li in page.select("[data-testid=import-people] li")]
    assert table_counts() == before


def test_the_preview_is_private_to_the_session_that_uploaded(client, world, django_user_model):
    client.force_login(world.users["coordinator"])
    location = upload(client, world)["Location"]
    client.logout()
    client.force_login(world.users["coordinator"])  # a new session
    assert client.get(location).status_code == 404


def test_confirm_imports_and_redirects_to_the_plan_with_a_message(client, world, tmp_path):
    client.force_login(world.users["coordinator"])
    location = upload(client, world)["Location"]
    response = client.post(location, {"confirm": "1"}, follow=True)
    plan = Plan.objects.get(title="Fenland 2014/15")
    assert response.redirect_chain[-1][0] == reverse("plan_detail", args=[world.partnership.slug, plan.pk])
    page = soup_of(response)
    assert page.h1.get_text(strip=True) == "Fenland 2014/15"
    assert "Plan imported: 3 themes, 4 actions" in page.get_text()
    assert plan.actions.count() == 4
    assert list((tmp_path / "plan-imports").iterdir()) == []


def test_a_broken_file_shows_the_error_and_writes_nothing(client, world):
    client.force_login(world.users["coordinator"])
    before = table_counts()
    location = upload(client, world, data=b"not a zip at all")["Location"]
    page = soup_of(client.get(location))
    assert "not a Word document" in page.select_one("[data-testid=import-error]").get_text()
    assert page.find("button", string="Confirm and import") is None
    assert table_counts() == before


def test_an_unknown_header_can_be_mapped_on_the_preview(client, world):
    client.force_login(world.users["coordinator"])
    rows = files.simple_rows()
    rows[0][5] = "Money available"
    location = upload(client, world, data=files.csv_bytes(rows), name="plan.csv")["Location"]
    page = soup_of(client.get(location))
    labels = [label.get_text(strip=True) for label in page.select("#mapping-form label")]
    assert labels == ["Column “Money available”"]
    client.post(location, {"apply_mapping": "1", "headers": ["Money available"], "header_0": "budget"})
    client.post(location, {"confirm": "1"})
    assert str(Action.objects.get(plan__title="Fenland 2014/15", reference="1.1").budget) == "2000.00"


def test_a_new_plan_needs_a_title_and_dates_or_an_existing_plan(client, world):
    client.force_login(world.users["coordinator"])
    response = upload(client, world, title="", start_date="", end_date="")
    assert response.status_code == 200
    errors = [a.get_text() for a in soup_of(response).select(".govuk-error-summary__list a")]
    assert any(e.startswith("New plan title") for e in errors)


def test_reimport_into_an_existing_plan_through_the_web_updates_in_place(client, world):
    client.force_login(world.users["coordinator"])
    for _ in range(2):
        location = upload(client, world, plan=world.plan.pk, title="")["Location"]
        client.post(location, {"confirm": "1"})
    assert world.plan.actions.count() == 4  # the file's 1.1 updates the fixture's 1.1 in place
    assert ProgressUpdate.objects.filter(row__action__plan=world.plan).count() == 6


def test_the_partnership_page_links_to_import_for_the_coordinator_only(client, world):
    url = reverse("partnership_detail", args=[world.partnership.slug])
    client.force_login(world.users["coordinator"])
    assert soup_of(client.get(url)).find("a", string="Import a plan") is not None
    client.force_login(world.users["viewer"])
    assert soup_of(client.get(url)).find("a", string="Import a plan") is None


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("lead", 403), ("outsider", 404), ("coordinator", 404)]
)
def test_the_preview_answers_others_by_role_and_an_unknown_token_with_not_found(client, world, role, status):
    client.force_login(world.users[role])
    assert client.get(reverse("plan_import_preview", args=["home", "no-such-token"])).status_code == status


def cells_of(page: BeautifulSoup, testid: str) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in page.select(f"[data-testid={testid}] tbody tr")
    ]


def test_the_preview_is_computed_from_the_kept_plan_without_parsing_again(client, world, monkeypatch):
    client.force_login(world.users["coordinator"])
    location = upload(client, world)["Location"]

    def no_parse(**kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr("plans.importing.uploads.plan_import_parse", no_parse)
    for _ in range(2):
        assert client.get(location).status_code == 200
    client.post(location, {"confirm": "1"})
    assert Plan.objects.get(title="Fenland 2014/15").actions.count() == 4


def test_the_preview_says_which_field_each_column_became_and_how_sure(client, world):
    client.force_login(world.users["coordinator"])
    location = upload(client, world, data=corpus.excel_theme_column(), name="plan.xlsx")["Location"]
    columns = {row[0]: row[2:] for row in cells_of(soup_of(client.get(location)), "import-columns")}
    assert columns["Progress (to be completed by lead officer each quarter)"] == [
        "Progress narrative",
        "Exact name (“progress” once brackets and years are dropped)",
    ]
    assert columns["Lead officer & agency"][0] == "Lead officer and organisation"


def test_the_preview_shows_every_field_the_import_writes(client, world):
    client.force_login(world.users["coordinator"])
    location = upload(client, world)["Location"]
    page = soup_of(client.get(location))
    first = page.select_one("[data-testid=import-row]")
    text = {cell["data-field"]: cell.get_text(" ", strip=True) for cell in first.find_all("td")}
    assert text["theme"].startswith("1. Domestic abuse Lead agency: Police Indicators: Domestic abuse crimes")
    assert "Outcome: Professionals recognise abuse and refer victims early" in text["action"]
    assert "Budget: £12,000 post recruitment £2,000 cook and chat (£12000" in text["action"]
    assert "Target: Four sessions a year; 80% of attendees more confident" in text["row"]
    assert text["leads"] == "Debbie Barker (SBC)"
    assert "Two sessions delivered to 57 professionals" in text["updates"]
    assert text["status"] == "Green"
    outcomes = (
        page.select("[data-testid=import-row]")[2].select_one("[data-field=action]").get_text(" ", strip=True)
    )
    assert "Expected outcome 1: IDVA caseload kept within capacity" in outcomes


def test_the_preview_counts_new_updates_by_what_they_hold(client, world):
    client.force_login(world.users["coordinator"])
    rows = files.simple_rows()
    rows[3][7] = ""  # a RAG only
    location = upload(client, world, data=files.csv_bytes(rows), name="plan.csv")["Location"]
    kinds = [
        li.get_text(strip=True)
        for li in soup_of(client.get(location)).select("[data-testid=import-update-kinds] li")
    ]
    assert kinds == ["2 with a narrative and a RAG", "0 with a narrative only", "1 with a RAG only"]


def test_the_preview_says_which_statuses_came_from_cell_colour(client, world):
    client.force_login(world.users["coordinator"])
    location = upload(client, world, data=corpus.word_shading_only())["Location"]
    page = soup_of(client.get(location))
    statuses = [row[-1] for row in cells_of(page, "import-rows")]
    assert statuses[:2] == ["Green (from cell colour #00B050)", "Amber (from cell colour #FFC000)"]
    assert "Table 1, row 2: colour #00B050 → Green" in [
        li.get_text(strip=True) for li in page.select("[data-testid=import-colour-rags] li")
    ]


def test_an_unknown_column_is_shown_with_its_first_cells_and_blocks_the_import(client, world):
    client.force_login(world.users["coordinator"])
    rows = files.simple_rows()
    rows[0][5] = "Money available"
    location = upload(client, world, data=files.csv_bytes(rows), name="plan.csv")["Location"]
    (unknown,) = soup_of(client.get(location)).select("[data-testid=unknown-column]")
    assert unknown.th.get_text(strip=True) == "Money available"
    assert "First cells: “£2,000”" in unknown.get_text(" ", strip=True)
    before = table_counts()
    page = soup_of(client.post(location, {"confirm": "1"}))
    assert "“Money available”" in page.select_one("[data-testid=import-error]").get_text()
    assert table_counts() == before


def test_an_unknown_column_can_be_ignored_on_purpose(client, world):
    client.force_login(world.users["coordinator"])
    rows = files.simple_rows()
    rows[0][5] = "Money available"
    location = upload(client, world, data=files.csv_bytes(rows), name="plan.csv")["Location"]
    client.post(location, {"apply_mapping": "1", "headers": ["Money available"], "header_0": "ignore"})
    assert not soup_of(client.get(location)).select("[data-testid=unknown-column]")
    client.post(location, {"confirm": "1"})
    assert Action.objects.get(plan__title="Fenland 2014/15", reference="1.1").budget is None


def test_cancel_discards_the_upload_and_writes_nothing(client, world, tmp_path):
    client.force_login(world.users["coordinator"])
    before = table_counts()
    location = upload(client, world)["Location"]
    response = client.post(location, {"cancel": "1"})
    assert response["Location"] == reverse("partnership_detail", args=[world.partnership.slug])
    assert list((tmp_path / "plan-imports").iterdir()) == []
    assert client.get(location).status_code == 404
    assert table_counts() == before
