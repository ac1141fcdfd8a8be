"""Generated report files and the scrutiny reports composed in the app."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from csp_tracker.text import NARRATIVE_MAX, RICH_TEXT_MAX, text_limit
from partners.models import Meeting, Organisation, Partnership, Person
from plans.models import Plan


class ReportFile(models.Model):
    """A report generated in the background for one person, kept for download."""

    class Kind(models.TextChoices):
        DELIVERY_PLAN = "delivery_plan", "Delivery plan (PDF)"
        BOARD_PACK = "board_pack", "Board pack (PDF)"
        SCRUTINY = "scrutiny", "Overview and Scrutiny report (PDF)"
        # Of an app above reports, which registers its renderer (reports.generation.renderer_register):
        # the subject is named by `subject_id`, as reports may not import its model.
        ASSESSMENT = "assessment", "Strategic assessment (PDF)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Removed after the retention period"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="report_files")
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="report_files"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="report_files"
    )
    scrutiny_report = models.ForeignKey(
        "ScrutinyReport", null=True, blank=True, on_delete=models.CASCADE, related_name="report_files"
    )
    subject_id = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="What it is of, for a kind whose subject lives in an app above reports.",
    )
    subject_title = models.CharField(max_length=300, blank=True, help_text="What it is of, in words.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True, help_text="The name offered on download.")
    content_type = models.CharField(max_length=100, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    html_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the HTML it was printed from: the same digest now means the same report.",
    )
    error = models.TextField(blank=True, help_text="What went wrong, for the administrator.")
    failure = models.CharField(
        max_length=300, blank=True, help_text="Why it failed, in words for the person who asked for it."
    )
    prepared_ahead = models.BooleanField(
        default=False,
        help_text="Rendered in the background before anyone asked (reports/fresh.py), and not yet "
        "given to its reader: removed when a newer copy of the same report for them is kept.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True, help_text="When a worker began rendering it.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.requested_by} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED}


class ScrutinyReport(models.Model):
    """An Overview and Scrutiny committee report, composed in the app from a plan.

    Its numbered sections (`ReportSection`) are composed freely by the coordinator; statistics
    tables hold typed or indicator-pulled values and their variance is always computed. Issuing
    freezes the rendered document (`snapshot_html`), so the PDF stays the same however the plan
    changes afterwards; an issued report is never edited, only superseded by a new version.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"
        SUPERSEDED = "superseded", "Superseded"

    class DhrVersion(models.TextChoices):
        WITHOUT = "without", "Issued without a DHR section"
        BOTH = "both", "Issued with a DHR section for cleared readers, and without for everyone else"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="scrutiny_reports")
    version = models.PositiveIntegerField(default=1, editable=False)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The issued report this version replaces (it stays, marked superseded).",
    )
    agenda_item = models.CharField(max_length=40, blank=True, verbose_name="Agenda item number")
    forward_plan_reference = models.CharField(max_length=100, blank=True, default="N/A")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="scrutiny_reports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    committee = models.CharField(max_length=200, default="Overview and Scrutiny Panel")
    meeting_date = models.DateField(verbose_name="Committee date")
    title = models.CharField(max_length=300, verbose_name="Report title")
    wards_affected = models.CharField(max_length=300, default="All")
    portfolio_holder = models.CharField(max_length=300, blank=True)
    report_originators = models.CharField(max_length=500, blank=True, verbose_name="Report originator(s)")
    contact_officers = models.CharField(max_length=500, blank=True, verbose_name="Contact officer(s)")
    you_said_we_did = models.JSONField(default=list, blank=True, verbose_name="You said - We did")
    priorities_next_year = models.TextField(
        validators=text_limit(NARRATIVE_MAX), blank=True, verbose_name="Priorities for next year"
    )
    snapshot_html = models.TextField(blank=True, editable=False)
    restricted_snapshot_html = models.TextField(
        blank=True,
        editable=False,
        help_text="The issued copy with the DHR section, for cleared readers only.",
    )
    dhr_version = models.CharField(
        max_length=10, choices=DhrVersion.choices, blank=True, editable=False, verbose_name="DHR section"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-meeting_date", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting_date:%-d %B %Y})"

    def clean(self) -> None:
        if self.plan_id and self.plan.partnership_id != self.partnership_id:
            raise ValidationError({"plan": "Choose a plan of this partnership."})
        pairs = self.you_said_we_did or []
        if not isinstance(pairs, list) or any(
            not isinstance(p, dict) or set(p) != {"you_said", "we_did"} for p in pairs
        ):
            raise ValidationError({"you_said_we_did": "Each entry needs what people said and what was done."})

    @property
    def is_issued(self) -> bool:
        """Issued or superseded: a record, frozen as it was issued."""
        return self.status in {self.Status.ISSUED, self.Status.SUPERSEDED}

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ReportSection(models.Model):
    """A numbered section (or, with a parent, subsection) of a scrutiny report. `body` is
    sanitised HTML (see `reports.rich_text`), never raw input."""

    report = models.ForeignKey(ScrutinyReport, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subsections"
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    body = models.TextField(validators=text_limit(RICH_TEXT_MAX), blank=True)
    shows_partners = models.BooleanField(
        default=False, help_text="List the statutory and invited partners after the text."
    )

    class Meta:
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        parent = self.parent if self.parent_id else None
        if parent is not None and (parent.report_id != self.report_id or parent.parent_id):
            raise ValidationError(
                {"parent": "A subsection belongs to a top-level section of the same report."}
            )


class StatisticsTable(models.Model):
    """A table of any shape: rows are measures, columns are usually periods ("2020", "2021/22")
    or areas. With `compares` the first and last columns are compared: variance and % variance
    are computed, never typed."""

    report = models.ForeignKey(ScrutinyReport, on_delete=models.CASCADE, related_name="statistics_tables")
    section = models.ForeignKey(
        ReportSection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statistics_tables",
        help_text="The section it is printed in; none puts it under Performance statistics.",
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    columns = models.JSONField(default=list, help_text="Column headings, left to right.")
    compares = models.BooleanField(
        default=True, verbose_name="Show variance between the first and last columns"
    )

    class Meta:
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            not isinstance(self.columns, list)
            or not self.columns
            or any(not isinstance(c, str) or not c.strip() for c in self.columns)
        ):
            raise ValidationError({"columns": "Give every column a heading."})
        if self.compares and len(self.columns) < 2:
            raise ValidationError({"compares": "Variance needs at least two columns."})


class StatisticsRow(models.Model):
    """One measure of a statistics table: a value per column (as text of a number, or empty),
    typed or pulled from an indicator's values for the periods the columns name."""

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEUTRAL = "neutral", "Neither (not judged)"

    table = models.ForeignKey(StatisticsTable, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True, help_text='e.g. incidents, or "%"')
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.NEUTRAL)
    values = models.JSONField(default=list, blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Pull the values from this indicator, one per column period.",
    )

    class Meta:
        ordering = ["table", "position", "id"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        for value in self.values or []:
            if value in (None, ""):
                continue
            try:
                Decimal(str(value).replace(",", "").removesuffix("%"))
            except InvalidOperation:
                raise ValidationError({"values": f"“{value}” in {self.label} is not a number."}) from None


class BackgroundPaper(models.Model):
    report = models.ForeignKey(ScrutinyReport, on_delete=models.CASCADE, related_name="background_papers")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    date = models.DateField(null=True, blank=True)
    link = models.URLField(blank=True)

    class Meta:
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.title


# A meeting's agenda, attendance and action log live here rather than in partners: an agenda
# item may attach a scrutiny report section (a reports model), and all of them exist to make
# the board pack and the minutes, the documents this app produces.


class AgendaItem(models.Model):
    """One item of a meeting's agenda. The board pack follows the agenda: each item prints its
    title and presenter, then the part of the pack it brings (if any)."""

    class Brings(models.TextChoices):
        NOTHING = "", "Nothing printed (discussion only)"
        PREVIOUS_MINUTES = "previous_minutes", "Minutes and action log of the previous meeting"
        SUMMARY = "summary", "Summary of the plan, with the chart"
        EXCEPTIONS = "exceptions", "Exceptions: rows off track"
        CHANGES = "changes", "Changes since the previous meeting"
        INDICATORS = "indicators", "Indicators"
        SECTION = "section", "The attached report section"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    presenter = models.CharField(
        max_length=200, blank=True, help_text="Who presents it, e.g. Inspector J Ward (Police)"
    )
    section = models.ForeignKey(
        ReportSection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        verbose_name="Attached report section",
    )
    brings = models.CharField(
        max_length=20, choices=Brings.choices, blank=True, default="", verbose_name="Prints in the pack"
    )
    # Rich-but-safe text: sanitised HTML written by `reports.services.meeting_minutes_save`.
    minutes = models.TextField(
        validators=text_limit(NARRATIVE_MAX), blank=True, help_text="What was discussed and agreed."
    )

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        section = self.section if self.section_id else None
        if self.brings == self.Brings.SECTION and section is None:
            raise ValidationError({"section": "Choose the report section this item prints in the pack."})
        if section is not None and section.report.partnership_id != self.meeting.partnership_id:
            raise ValidationError({"section": "Choose a report section of this partnership."})


class MeetingAttendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Attended"
        APOLOGIES = "apologies", "Apologies"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(
        max_length=200, blank=True, help_text="For someone not on the partnership's list."
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PRESENT)

    class Meta:
        ordering = ["meeting", "status", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        person = self.person if self.person_id else None
        who = person.name if person is not None else self.name
        org = self.organisation or (person.organisation if person is not None else None)
        return f"{who} ({org.name})" if who and org else who or (org.name if org else "")

    def clean(self) -> None:
        if not (self.person_id or self.name.strip() or self.organisation_id):
            raise ValidationError("Name a person or an organisation.")
        if self.person_id and self.meeting_id:
            others = MeetingAttendance.objects.filter(meeting_id=self.meeting_id, person_id=self.person_id)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"person": f"{self.person} is already recorded for this meeting: edit that entry."}
                )


class ActionLogItem(models.Model):
    """An action agreed at a meeting; it is carried to every later meeting until it is done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_log")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField(validators=text_limit(NARRATIVE_MAX))
    owner = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting__date", "id"]

    def __str__(self) -> str:
        return self.description[:60]

    def clean(self) -> None:
        if self.status == self.Status.DONE and not self.done_on:
            raise ValidationError({"done_on": "Say when it was done."})
