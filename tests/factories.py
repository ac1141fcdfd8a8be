import datetime

import factory
from django.contrib.auth import get_user_model

from partners.models import Membership, Organisation, Partnership, Person
from partners.services import partnership_create
from plans.models import Action, Plan, ProgressUpdate, ProjectRow, Target, Theme

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A partnership with the default Red/Amber/Green scale (through the service)."""

    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Testshire CSP {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return partnership_create(**kwargs)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.LazyAttribute(lambda o: f"{o.short_name} Council")
    kind = Organisation.Kind.STATUTORY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory, partnership=factory.SelfAttribute("..partnership"))
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Membership.Role.VIEWER


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Delivery Plan {n}")
    start_date = datetime.date(2025, 4, 1)
    end_date = datetime.date(2026, 3, 31)
    status = Plan.Status.LIVE


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Priority {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    theme = factory.SubFactory(ThemeFactory)
    plan = factory.SelfAttribute("theme.plan")
    reference = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Reduce harm {n}")
    outcome = "Fewer victims of repeat anti-social behaviour"


class ProjectRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectRow

    action = factory.SubFactory(ActionFactory)
    description = factory.Sequence(lambda n: f"Project {n}")
    target_text = "85% of cases reviewed"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    row = factory.SubFactory(ProjectRowFactory)
    description = "Referrals reviewed within 10 days"
    kind = Target.Kind.NUMERIC
    unit = "%"
    target_value = 85


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    row = factory.SubFactory(ProjectRowFactory)
    period_year = 2025
    period_quarter = 2
    update_date = datetime.date(2025, 10, 10)
    author_name = "Test Author"
    narrative = "Work is progressing."
    status = ProgressUpdate.Status.ACCEPTED
