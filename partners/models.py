"""Partnerships, their organisations, people and who may do what in them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from csp_tracker.periods import MONTH_NAMES
from csp_tracker.text import NARRATIVE_MAX, text_limit


def default_meeting_months() -> list[int]:
    return [1, 4, 7, 10]


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in web addresses.")
    description = models.TextField(validators=text_limit(NARRATIVE_MAX), blank=True)
    year_start_month = models.PositiveSmallIntegerField(
        default=4,
        choices=list(MONTH_NAMES.items()),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="First month of the partnership's financial year (4 = April).",
    )
    meeting_months = models.JSONField(
        default=default_meeting_months,
        blank=True,
        help_text="Months (1-12) in which the partnership usually meets.",
    )
    publish_on_submit = models.BooleanField(
        default=False,
        help_text=(
            "Show submitted updates to members before the coordinator reviews them, "
            'labelled "not yet reviewed". Off: members see accepted updates only.'
        ),
    )
    reviewer_not_author = models.BooleanField(
        default=True,
        verbose_name="Updates are reviewed by someone other than their author",
        help_text=(
            "On: whoever wrote an update (or had it written on their behalf) cannot accept or "
            "return it. Off (a one-person partnership): a coordinator may, "
            'and it is shown as "self-accepted".'
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        months = self.meeting_months or []
        if not isinstance(months, list) or any(not isinstance(m, int) or not 1 <= m <= 12 for m in months):
            raise ValidationError({"meeting_months": "List months as whole numbers from 1 to 12."})
        self.meeting_months = sorted(set(months))

    @property
    def meeting_month_names(self) -> list[str]:
        return [MONTH_NAMES[m] for m in self.meeting_months or []]


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Give a colour as # and six hex digits.")


class RagStatus(models.Model):
    """One status on a partnership's own RAG scale.

    `severity` orders statuses for roll-up (the highest severity is the worst); `position`
    orders them for display in keys and forms. Meanings differ between partnerships, so the
    wording belongs to the partnership, not to the code.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="rag_statuses")
    code = models.SlugField(max_length=20, help_text="Short stable code, e.g. red, amber, green.")
    label = models.CharField(max_length=40, help_text="Shown to people, e.g. Red.")
    meaning = models.CharField(max_length=300, help_text="What this status means in this partnership.")
    colour = models.CharField(max_length=7, validators=[hex_colour])
    text_colour = models.CharField(max_length=7, default="#0b0c0c", validators=[hex_colour])
    position = models.PositiveSmallIntegerField(default=0)
    severity = models.PositiveSmallIntegerField(
        default=0, help_text="Higher is worse; the worst status wins when rolling up."
    )
    is_complete = models.BooleanField(default=False, help_text="The work is finished.")
    needs_reason = models.BooleanField(
        default=False, help_text="An update with this status must give a reason (off track)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "position"]
        verbose_name = "RAG status"
        verbose_name_plural = "RAG statuses"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="unique_rag_code"),
            models.UniqueConstraint(fields=["partnership", "label"], name="unique_rag_label"),
        ]

    def __str__(self) -> str:
        return self.label


class Organisation(models.Model):
    class Kind(models.TextChoices):
        STATUTORY = "statutory", "Statutory partner"
        INVITED = "invited", "Invited partner"
        VOLUNTARY = "voluntary", "Voluntary sector partner"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="organisations")
    short_name = models.CharField(max_length=30, help_text="As written in plans, e.g. FDC.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INVITED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "short_name"], name="unique_org_short_name"),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def has_full_name(self) -> bool:
        """False for an imported abbreviation whose full name nobody has given yet."""
        return bool(self.name.strip()) and self.name.strip().casefold() != self.short_name.strip().casefold()

    @property
    def display_name(self) -> str:
        """The full name with the abbreviation spelt out once ("Fenland District Council (FDC)"),
        or the abbreviation alone when that is all we know (never "FDC (FDC)")."""
        return f"{self.name} ({self.short_name})" if self.has_full_name else self.short_name


class Person(models.Model):
    """Someone named in a plan, with or without a login."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="The login this person uses, if any.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user"],
                condition=models.Q(user__isnull=False),
                name="one_person_per_user_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name

    def clean(self) -> None:
        if self.organisation is not None and self.organisation.partnership_id != self.partnership_id:
            raise ValidationError({"organisation": "Choose an organisation of this partnership."})


class Membership(models.Model):
    """A user's role in one partnership. DHR access is a separate, explicit grant."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        LEAD_OFFICER = "lead_officer", "Lead officer"
        VIEWER = "viewer", "Viewer (scrutiny member)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    can_see_dhr = models.BooleanField(default=False, verbose_name="May see Domestic Homicide Review records")
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_membership_per_partnership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} in {self.partnership}"


class GlossaryTerm(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="glossary")
    acronym = models.CharField(max_length=30)
    meaning = models.CharField(max_length=300)

    class Meta:
        ordering = ["acronym"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "acronym"], name="unique_acronym"),
        ]

    def __str__(self) -> str:
        return f"{self.acronym}: {self.meaning}"


class Meeting(models.Model):
    """A meeting of the partnership (its board or an operational group), usually reviewing a plan."""

    class Kind(models.TextChoices):
        BOARD = "board", "Partnership board"
        OPERATIONAL = "operational", "Operational group"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BOARD)
    title = models.CharField(max_length=200)
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        help_text="The plan this meeting reviews.",
    )
    notes = models.TextField(validators=text_limit(NARRATIVE_MAX), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-date", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%-d %B %Y})"

    def clean(self) -> None:
        if self.plan is not None and self.plan.partnership_id != self.partnership_id:
            raise ValidationError({"plan": "Choose a plan of this partnership."})


class ResourceCommitment(models.Model):
    """What an organisation commits to the partnership for a plan's period, in its own words
    ("Will lead the monthly problem-solving group"), optionally linked to the actions it serves."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        IN_PLACE = "in_place", "In place"
        AT_RISK = "at_risk", "At risk"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="commitments")
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
        help_text="The plan whose period the commitment covers.",
    )
    description = models.TextField(
        validators=text_limit(NARRATIVE_MAX),
        verbose_name="Commitment",
        help_text="e.g. Will lead the monthly problem-solving group",
    )
    actions = models.ManyToManyField(
        "plans.Action", blank=True, related_name="commitments", verbose_name="Actions it supports"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AGREED)
    status_note = models.CharField(max_length=300, blank=True, verbose_name="Status note")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["organisation__short_name", "id"]

    def __str__(self) -> str:
        return f"{self.organisation.short_name}: {self.description[:60]}"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.partnership_id != self.partnership_id:
            raise ValidationError({"organisation": "Choose an organisation of this partnership."})
        if self.plan is not None and self.plan.partnership_id != self.partnership_id:
            raise ValidationError({"plan": "Choose a plan of this partnership."})
