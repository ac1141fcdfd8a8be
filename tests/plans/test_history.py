"""Structure changes keep a history of who changed what, shown on the action page."""

from bs4 import BeautifulSoup
from django.urls import reverse


def history_rows(client, world):
    page = client.get(reverse("action_detail", args=["home", world.plan.pk, world.action.pk]))
    table = BeautifulSoup(page.content, "html.parser").select_one("[data-testid=change-history]")
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
