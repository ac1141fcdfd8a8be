"""`load_demo` publishes the demo's live strategy and prints its public address."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from public.models import PublicationSettings


@pytest.mark.django_db
def test_load_demo_publishes_the_live_plan_and_prints_its_address(client, settings):
    settings.SITE_URL = "https://csp.example.org"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    publication = PublicationSettings.objects.get()
    path = f"/public/marshfield/{publication.plan.pk}/"
    assert f"public page of {publication.plan.title}: https://csp.example.org{path}" in lines
    assert lines[-1].startswith("demo data ready:")
    assert publication.is_public and not publication.show_officer_names and not publication.show_risk
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    pairs = soup.find(id="you-said").find_next("table").tbody.find_all("tr")
    assert len(pairs) == 3
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert PublicationSettings.objects.count() == 1
    assert f"public page of {publication.plan.title}: https://csp.example.org{path}" in again.getvalue()
