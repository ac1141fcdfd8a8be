"""Search across actions, targets and update narratives: this partnership only, never drafts.

Runs on whichever database the suite uses: full-text search on PostgreSQL, the word-by-word
fallback on SQLite."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from indicators.search import search
from partners.audience import Audience
from plans.models import ProgressUpdate
from tests import factories


def reader(world) -> Audience:
    return Audience.of(world.users["viewer"], world.partnership)


@pytest.fixture
def searchable(world):
    world.action.outcome = "Victims of domestic abuse are safer"
    world.action.save()
    factories.TargetFactory(row=world.row_a, description="Referrals to the refuge reviewed in ten days")
    factories.ProgressUpdateFactory(row=world.row_a, narrative="The refuge reopened after repairs.")
    factories.ProgressUpdateFactory(
        row=world.row_b, narrative="Campaign launched", risk="The refuge may close", status="submitted"
    )
    factories.ProgressUpdateFactory(row=world.row_b, narrative="Secret refuge draft", status="draft")
    other_action = world.other_plan.actions.get()
    other_row = factories.ProjectRowFactory(action=other_action, description="Other refuge")
    factories.TargetFactory(row=other_row, description="Other refuge target")
    factories.ProgressUpdateFactory(row=other_row, narrative="Other partnership refuge news")
    return world


def test_finds_actions_by_title_and_outcome(searchable):
    assert search(searchable.partnership, "victims", reader(searchable)).actions == [searchable.action]


def test_finds_an_action_by_its_reference(searchable):
    assert search(searchable.partnership, "1.1", reader(searchable)).actions == [searchable.action]


def test_finds_targets(searchable):
    results = search(searchable.partnership, "refuge", reader(searchable))
    assert [t.description for t in results.targets] == ["Referrals to the refuge reviewed in ten days"]


def test_finds_accepted_and_submitted_updates_by_narrative_and_risk(searchable):
    coordinator = Audience.of(searchable.users["coordinator"], searchable.partnership)
    narratives = sorted(u.narrative for u in search(searchable.partnership, "refuge", coordinator).updates)
    assert narratives == ["Campaign launched", "The refuge reopened after repairs."]


def test_a_viewer_finds_accepted_updates_only(searchable):
    narratives = [u.narrative for u in search(searchable.partnership, "refuge", reader(searchable)).updates]
    assert narratives == ["The refuge reopened after repairs."]


def test_never_finds_drafts(searchable):
    assert search(searchable.partnership, "secret", reader(searchable)).updates == []


def test_never_finds_another_partnerships_records(searchable):
    results = search(searchable.partnership, "other", reader(searchable))
    assert (results.actions, results.targets, results.updates) == ([], [], [])


def test_every_word_must_match(searchable):
    assert (
        search(searchable.partnership, "refuge repairs", reader(searchable))
        .updates[0]
        .narrative.startswith("The refuge")
    )
    assert search(searchable.partnership, "refuge zebra", reader(searchable)).count == 0


def test_search_page_groups_results_with_links(client, searchable):
    client.force_login(searchable.users["coordinator"])
    response = client.get(reverse("search", args=[searchable.partnership.slug]), {"q": "refuge"})
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [h.get_text(strip=True) for h in soup.select("main h2")]
    # The coordinator holds the DHR grant, so the restricted reviews are searched too.
    assert headings == [
        "Actions (0)",
        "Targets (1)",
        "Progress updates (2)",
        "Domestic Homicide Reviews (0)Restricted: you have DHR access",
    ]
    action_url = reverse(
        "action_detail", args=[searchable.partnership.slug, searchable.plan.pk, searchable.action.pk]
    )
    assert {a["href"] for a in soup.select(".csp-search-result a")} == {action_url}


def test_search_page_without_a_query_shows_only_the_form(client, searchable):
    client.force_login(searchable.users["viewer"])
    soup = BeautifulSoup(client.get(reverse("search", args=["home"])).content, "html.parser")
    assert soup.find("input", attrs={"name": "q"})
    assert not soup.select(".csp-search-result")


def test_draft_status_is_never_searchable(searchable):
    coordinator = Audience.of(searchable.users["coordinator"], searchable.partnership)
    found = search(searchable.partnership, "refuge", coordinator).updates
    assert ProgressUpdate.Status.DRAFT not in {update.status for update in found}
