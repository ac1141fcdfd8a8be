"""Named users per role, shared by every test.

One partnership ("home") with a live plan: action 1.1 has two project rows, row A led by
`lead` (organisation POL) and row B led by `lead2` (organisation FDC). `coordinator` and
`viewer` belong to home; `outsider` coordinates another partnership only.
"""

from dataclasses import dataclass

import pytest

from partners.models import Membership, Organisation, Partnership, Person
from plans.models import Action, Plan, ProjectRow
from tests import factories
from tests.plans.budget_fixtures import money  # noqa: F401 - the `money` fixture

Role = Membership.Role


@dataclass
class World:
    partnership: Partnership
    other_partnership: Partnership
    plan: Plan
    other_plan: Plan
    action: Action
    row_a: ProjectRow
    row_b: ProjectRow
    police: Organisation
    council: Organisation
    lead_person: Person
    lead2_person: Person
    users: dict

    def rag(self, code: str):
        return self.partnership.rag_statuses.get(code=code)


def _member(partnership, username: str, role: str, **extra):
    user = factories.UserFactory(username=username, first_name=username.title())
    factories.MembershipFactory(user=user, partnership=partnership, role=role, **extra)
    return user


@pytest.fixture
def world(db) -> World:
    home = factories.PartnershipFactory(name="Home CSP", slug="home")
    other = factories.PartnershipFactory(name="Other CSP", slug="other")
    police = factories.OrganisationFactory(partnership=home, short_name="POL", name="Testshire Police")
    council = factories.OrganisationFactory(
        partnership=home, short_name="FDC", name="Fictional District Council"
    )

    users = {
        "coordinator": _member(home, "coordinator", Role.COORDINATOR, can_see_dhr=True),
        "lead": _member(home, "lead", Role.LEAD_OFFICER),
        "lead2": _member(home, "lead2", Role.LEAD_OFFICER),
        "viewer": _member(home, "viewer", Role.VIEWER),
        "outsider": _member(other, "outsider", Role.COORDINATOR),
    }
    lead_person = factories.PersonFactory(
        partnership=home, name="Insp Lena Lead", organisation=police, user=users["lead"]
    )
    lead2_person = factories.PersonFactory(
        partnership=home, name="Sam Second", organisation=council, user=users["lead2"]
    )
    factories.PersonFactory(
        partnership=home, name="Cora Coordinator", organisation=council, user=users["coordinator"]
    )

    plan = factories.PlanFactory(partnership=home, title="Home Delivery Plan")
    theme = factories.ThemeFactory(plan=plan, number="1", title="Domestic abuse")
    action = factories.ActionFactory(plan=plan, theme=theme, reference="1.1", title="Support victims")
    row_a = factories.ProjectRowFactory(action=action, position=1, description="IDVA service")
    row_a.lead_people.add(lead_person)
    row_a.lead_organisations.add(police)
    row_b = factories.ProjectRowFactory(action=action, position=2, description="Awareness campaign")
    row_b.lead_people.add(lead2_person)

    other_plan = factories.PlanFactory(partnership=other, title="Other Plan")
    other_theme = factories.ThemeFactory(plan=other_plan, number="1")
    factories.ActionFactory(plan=other_plan, theme=other_theme, reference="9.9", title="Other action")

    return World(
        partnership=home,
        other_partnership=other,
        plan=plan,
        other_plan=other_plan,
        action=action,
        row_a=row_a,
        row_b=row_b,
        police=police,
        council=council,
        lead_person=lead_person,
        lead2_person=lead2_person,
        users=users,
    )


@pytest.fixture(scope="session", autouse=True)
def test_settings(tmp_path_factory):
    """Fast password hashing; and manifest static storage needs collectstatic before any page renders."""
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    # The rate limits count in the process's cache, across tests, all from 127.0.0.1: the suite
    # logs in far more often than a person could. Their own tests set them (tests/accounts).
    settings.LOGIN_RATE_LIMIT = settings.PASSWORD_RESET_RATE_LIMIT = "100000/60"
    settings.LOGIN_RATE_LIMIT_PER_ADDRESS = settings.PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS = "100000/60"
    settings.STATIC_ROOT = tmp_path_factory.mktemp("staticfiles")
    # Files the suite writes (report copies, imports, attachments) stay out of the checkout, so
    # two runs at once (CI runs SQLite and PostgreSQL side by side) never share a folder.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # Same manifest behaviour as production, without WhiteNoise's slow compression.
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    }
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def immediate_tasks(settings):
    """Background tasks run the moment they are queued, for a test that follows work (e-mail)
    through the worker; everywhere else they wait in the database as in production."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
