"""The plan's cached outline (plans/outline.py): served from the cache while nothing it shows has
changed, never after a change (an accepted update, a structure edit, a lead's or a status's
name), and never from one audience's copy to another."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.audience import Audience
from plans import services
from plans.models import Plan, ProgressUpdate
from plans.outline import outline_key, plan_outline
from tests import factories

Status = ProgressUpdate.Status


def plan_url(world) -> str:
    return reverse("plan_detail", args=[world.partnership.slug, world.plan.pk])


def row_cells(client, world, description: str) -> list[str]:
    soup = BeautifulSoup(client.get(plan_url(world)).content, "html.parser")
    cell = soup.find("td", string=description)
    return [td.get_text(" ", strip=True) for td in cell.find_parent("tr").find_all("td")]


def version(world) -> str:
    return str(Plan.objects.get(pk=world.plan.pk).rollup_version)


@pytest.fixture
def seen(client, world):
    """The coordinator has looked at the plan page once: its outline is in the cache."""
    client.force_login(world.users["coordinator"])
    client.get(plan_url(world))
    return client


def test_the_second_view_of_a_plan_reads_the_outline_from_the_cache(seen, world):
    with CaptureQueriesContext(connection) as first:
        seen.get(plan_url(world))
    cache.clear()
    with CaptureQueriesContext(connection) as built:
        seen.get(plan_url(world))
    assert len(built) - len(first) == 5  # RAG scale, leads, lead organisations, rows, themes and actions


def test_accepting_an_update_shows_its_rag_on_the_next_view(seen, world):
    assert row_cells(seen, world, "IDVA service")[-1] == "No status yet"
    update = factories.ProgressUpdateFactory(
        row=world.row_a, rag=world.rag("red"), status=Status.SUBMITTED, author=world.users["lead"]
    )
    services.update_accept(update=update, reviewer=world.users["coordinator"])
    cells = row_cells(seen, world, "IDVA service")
    assert cells[-1] == "Red"
    assert "Work is progressing." in cells[3]


def test_accepting_through_the_review_page_shows_the_new_rag(seen, world):
    update = factories.ProgressUpdateFactory(
        row=world.row_a, rag=world.rag("amber"), status=Status.SUBMITTED, author=world.users["lead"]
    )
    review = reverse("update_review", args=[world.partnership.slug, world.plan.pk, update.pk])
    assert seen.post(review, {"accept": "1"}).status_code == 302
    assert row_cells(seen, world, "IDVA service")[-1] == "Amber"


def test_a_submitted_update_changes_nothing_cached(seen, world):
    before = version(world)
    factories.ProgressUpdateFactory(
        row=world.row_a, rag=world.rag("red"), status=Status.SUBMITTED, author=world.users["lead"]
    )
    assert version(world) == before
    assert row_cells(seen, world, "IDVA service")[-1] == "No status yet"


def test_a_structure_edit_shows_on_the_next_view(seen, world):
    world.row_a.description = "IDVA service, extended"
    services.structure_save(record=world.row_a)
    assert row_cells(seen, world, "IDVA service, extended")[0] == "IDVA service, extended"


def test_an_edit_of_the_plan_itself_shows_its_new_override(seen, world):
    plan = Plan.objects.get(pk=world.plan.pk)
    plan.rag_override, plan.rag_override_reason = world.rag("red"), "Board decision"
    services.structure_save(record=plan)
    text = BeautifulSoup(seen.get(plan_url(world)).content, "html.parser").get_text(" ", strip=True)
    assert "Overall status: Red (overridden) Reason: Board decision" in text


def test_a_change_of_leads_shows_on_the_next_view(seen, world):
    world.row_a.lead_people.add(world.lead2_person)
    assert row_cells(seen, world, "IDVA service")[2] == "Insp Lena Lead, Sam Second, POL"


def test_renaming_a_lead_shows_on_the_next_view(seen, world):
    world.lead_person.name = "Ch Insp Lena Lead"
    world.lead_person.save()
    assert row_cells(seen, world, "IDVA service")[2] == "Ch Insp Lena Lead, POL"


def test_relabelling_a_status_shows_on_the_next_view(seen, world):
    factories.ProgressUpdateFactory(row=world.row_a, rag=world.rag("green"))
    services.row_refresh_current(row_id=world.row_a.pk)
    assert row_cells(seen, world, "IDVA service")[-1] == "Green"
    green = world.rag("green")
    green.label = "On track"
    green.save()
    assert row_cells(seen, world, "IDVA service")[-1] == "On track"


def test_a_plan_saved_with_some_fields_still_gets_a_new_version(world):
    before = version(world)
    world.plan.title = "Renamed"
    world.plan.save(update_fields=["title"])
    assert version(world) != before


def test_a_copy_of_the_plan_loaded_before_a_change_reads_the_new_outline(world):
    stale = Plan.objects.select_related("partnership").get(pk=world.plan.pk)
    audience = Audience.of(world.users["viewer"], world.partnership)
    assert plan_outline(stale, audience).rows[0].rag is None
    factories.ProgressUpdateFactory(row=world.row_a, rag=world.rag("red"))
    services.row_refresh_current(row_id=world.row_a.pk)
    assert plan_outline(stale, audience).rows[0].rag == world.rag("red")


def test_two_audiences_never_share_a_cached_outline(client, world):
    plan = Plan.objects.select_related("partnership").get(pk=world.plan.pk)
    coordinator = Audience.of(world.users["coordinator"], world.partnership)
    viewer = Audience.of(world.users["viewer"], world.partnership)
    public = Audience.of(None, world.partnership)
    assert len({coordinator.cache_key, viewer.cache_key, public.cache_key}) == 3
    # Mark the coordinator's cached copy: only coordinators may be served it.
    outline = plan_outline(plan, coordinator)
    outline.themes[0].title = "Coordinators' copy"
    start_month = world.partnership.year_start_month
    cache.set(outline_key(plan.pk, version(world), start_month, coordinator), outline)
    assert plan_outline(plan, coordinator).themes[0].title == "Coordinators' copy"
    assert plan_outline(plan, viewer).themes[0].title == "Domestic abuse"
    assert plan_outline(plan, viewer).audience == viewer.cache_key
    client.force_login(world.users["viewer"])
    assert "Coordinators' copy" not in client.get(plan_url(world)).content.decode()


def test_the_dashboard_shows_the_accepted_rag_in_its_overall_status(seen, world):
    url = reverse("plan_dashboard", args=[world.partnership.slug, world.plan.pk])
    seen.get(url)
    update = factories.ProgressUpdateFactory(
        row=world.row_a, rag=world.rag("red"), status=Status.SUBMITTED, author=world.users["lead"]
    )
    services.update_accept(update=update, reviewer=world.users["coordinator"])
    soup = BeautifulSoup(seen.get(url).content, "html.parser")
    explained = soup.find(attrs={"data-testid": "rollup-explained"}).get_text(" ", strip=True)
    assert explained.startswith("It shows the worst status of any row: 1 of 2 rows is Red")
