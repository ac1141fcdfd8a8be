"""Organisation names: an imported abbreviation never becomes the full name or shows as
"FDC (FDC)"; the glossary spells it out; the coordinator is asked for the full name once."""

from bs4 import BeautifulSoup
from django.urls import reverse

from partners.models import GlossaryTerm, Organisation
from tests import factories
from tests.plans.importing import files


def test_an_organisation_known_only_by_its_abbreviation_shows_it_once(world):
    org = factories.OrganisationFactory(partnership=world.partnership, short_name="RSL", name="RSL")
    assert not org.has_full_name
    assert org.display_name == "RSL"


def test_a_full_name_spells_the_abbreviation_out_once(world):
    assert world.council.display_name == "Fictional District Council (FDC)"


def test_an_imported_abbreviation_takes_its_full_name_from_the_glossary(world, import_file):
    GlossaryTerm.objects.create(
        partnership=world.partnership, acronym="CCC", meaning="Testshire County Council"
    )
    import_file(files.scrutiny_docx(), "scrutiny.docx")
    county = Organisation.objects.get(partnership=world.partnership, short_name="CCC")
    assert county.name == "Testshire County Council"
    assert county.display_name == "Testshire County Council (CCC)"


def test_the_coordinator_is_asked_for_a_missing_full_name(client, world):
    org = factories.OrganisationFactory(partnership=world.partnership, short_name="RSL", name="RSL")
    client.force_login(world.users["coordinator"])
    soup = BeautifulSoup(client.get(reverse("partnership_detail", args=["home"])).content, "html.parser")
    assert soup.select_one("[data-testid=no-full-name]") is not None
    link = next((a for a in soup.select("a") if a.get_text(" ").startswith("give the full name")), None)
    assert link is not None and link["href"] == reverse("organisation_update", args=["home", org.pk])
    assert "RSL (RSL)" not in soup.get_text()
