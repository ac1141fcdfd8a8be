"""Generated report files and the scrutiny reports composed in the app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from partners.models import Meeting, Partnership
from plans.models import Plan


class ReportFile(models.Model):
    """A report generated in the background for one person, kept for download."""

    class Kind(models.TextChoices):
        DELIVERY_PLAN = "delivery_plan", "Delivery plan (PDF)"
        BOARD_PACK = "board_pack", "Board pack (PDF)"
        SCRUTINY = "scrutiny", "Overview and Scrutiny report (PDF)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

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
    kind = models.CharField(max_length=30, choices=Kind.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True, help_text="The name offered on download.")
    content_type = models.CharField(max_length=100, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.requested_by} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class ScrutinyReport(models.Model):
    """An Overview and Scrutiny committee report, composed in the app from a plan.

    Sections are text pre-filled from the plan and edited by the coordinator; paragraphs are the
    blank-line separated parts of a section, numbered on output (3.1, 3.2 ...). Statistics are
    never typed: they are computed from the plan's figures. Issuing freezes the rendered document
    (`snapshot_html`), so the PDF stays the same however the plan changes afterwards.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    class DhrVersion(models.TextChoices):
        WITHOUT = "without", "Issued without a DHR section"
        BOTH = "both", "Issued with a DHR section for cleared readers, and without for everyone else"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="scrutiny_reports")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="scrutiny_reports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    committee = models.CharField(max_length=200, default="Overview and Scrutiny Panel")
    meeting_date = models.DateField(verbose_name="Committee date")
    title = models.CharField(max_length=300, verbose_name="Report title")
    wards_affected = models.CharField(max_length=300, default="All")
    portfolio_holder = models.CharField(max_length=300, blank=True)
    report_originators = models.CharField(max_length=500, blank=True, verbose_name="Report originator(s)")
    contact_officers = models.CharField(max_length=500, blank=True, verbose_name="Contact officer(s)")
    purpose = models.TextField(blank=True, verbose_name="Purpose of the report and summary")
    key_issues = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    background = models.TextField(blank=True)
    performance = models.TextField(blank=True, verbose_name="Performance updates per priority")
    you_said_we_did = models.JSONField(default=list, blank=True, verbose_name="You said - We did")
    priorities_next_year = models.TextField(blank=True, verbose_name="Priorities for next year")
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
        return self.status == self.Status.ISSUED
