"""`ProjectRow.objects.led_by`: the one rule for the rows an organisation leads, used by the
plan and dashboard filters and the organisation's page."""

from plans.models import ProjectRow
from tests import factories


def test_an_organisation_leads_its_own_rows_and_those_of_its_people(world):
    # Row A: POL directly and through Insp Lena Lead; row B: FDC through Sam Second.
    assert list(ProjectRow.objects.led_by(world.police)) == [world.row_a]
    assert list(ProjectRow.objects.led_by(world.council)) == [world.row_b]


def test_a_row_led_by_an_organisation_twice_over_is_listed_once(world):
    world.row_b.lead_organisations.add(world.council)
    second = factories.PersonFactory(partnership=world.partnership, organisation=world.council)
    world.row_b.lead_people.add(second)
    assert list(ProjectRow.objects.led_by(world.council)) == [world.row_b]
    assert ProjectRow.objects.led_by(world.council).count() == 1


def test_an_organisation_with_no_rows_leads_none(world):
    idle = factories.OrganisationFactory(partnership=world.partnership, short_name="IDLE")
    assert not ProjectRow.objects.led_by(idle).exists()
