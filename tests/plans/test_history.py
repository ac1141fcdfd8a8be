"""Structure changes keep a history of who changed what, on the action's own history page."""

from bs4 import BeautifulSoup
from django.urls import reverse

from plans.views import ActionHistoryView


def history_url(world, page: int | None = None) -> str:
    url = reverse("action_history", args=["home", world.plan.pk, world.action.pk])
    return f"{url}?page={page}" if page else url


def history_rows(client, world, page: int | None = None):
    response = client.get(history_url(world, page))
    table = BeautifulSoup(response.content, "html.parser").select_one("[data-testid=change-history]")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in table.select("tbody tr")
    ]


def test_editing_an_action_through_the_form_records_who_and_what(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("action_update", args=["home", world.plan.pk, world.action.pk])
    client.post(url, {"theme": world.action.theme_id, "reference": "1.1", "title": "Support victims better"})
    newest = history_rows(client, world)[0]
    assert newest[1] == "Coordinator"
    assert newest[2] == "Action 1.1"
    assert "Support victims → Support victims better" in newest[3]


def test_changing_leads_shows_the_names(client, world):
    client.force_login(world.users["coordinator"])
    world.row_b.lead_people.add(world.lead_person)
    rows = history_rows(client, world)
    assert any("Lead people" in row[3] and "Insp Lena Lead" in row[3] for row in rows)


def test_a_viewer_can_read_the_history(client, world):
    client.force_login(world.users["viewer"])
    assert history_rows(client, world)  # the factories' creations at least


def test_the_action_page_links_to_its_history(client, world):
    client.force_login(world.users["lead"])
    page = client.get(reverse("action_detail", args=["home", world.plan.pk, world.action.pk]))
    assert history_url(world) in page.content.decode()
    assert b'data-testid="change-history"' not in page.content  # not loaded on the action page


def test_a_long_history_is_paged_newest_first(client, world, monkeypatch):
    monkeypatch.setattr(ActionHistoryView, "entries_per_page", 2)
    client.force_login(world.users["coordinator"])
    for n in range(5):
        world.action.title = f"Title {n}"
        world.action.save()
    first, second = history_rows(client, world), history_rows(client, world, page=2)
    assert len(first) == len(second) == 2
    assert "Title 4" in first[0][3] and "Title 2" in second[0][3]
    response = client.get(history_url(world))
    assert b"Older changes" in response.content and b"Newer changes" not in response.content
