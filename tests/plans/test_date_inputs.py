"""Browser date pickers only show ISO dates: an edit form must not lose a saved date."""

from bs4 import BeautifulSoup
from django.urls import reverse


def test_plan_edit_form_shows_saved_dates_in_iso_format(client, world):
    client.force_login(world.users["coordinator"])
    page = BeautifulSoup(
        client.get(reverse("plan_update", args=["home", world.plan.pk])).content, "html.parser"
    )
    assert page.find("input", {"name": "start_date"})["value"] == "2025-04-01"
    assert page.find("input", {"name": "end_date"})["value"] == "2026-03-31"
