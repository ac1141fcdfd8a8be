"""Render a report to a file: `manage.py render_report delivery-plan --plan 3 --output plan.pdf`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from partners.models import Meeting
from plans.models import Plan
from reports import spreadsheets
from reports.models import ScrutinyReport
from reports.renderers import board_pack_report, delivery_plan_report
from reports.scrutiny import scrutiny_report_pdf

KINDS = ["delivery-plan", "board-pack", "scrutiny", "plan-xlsx", "plan-csv"]


class Command(BaseCommand):
    help = "Render a report as a PDF or spreadsheet file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--plan", type=int, help="The plan's id (delivery-plan, plan-xlsx, plan-csv).")
        parser.add_argument("--meeting", type=int, help="The meeting's id (board-pack).")
        parser.add_argument("--report", type=int, help="The scrutiny report's id (scrutiny).")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--as",
            dest="username",
            help="Render as this user sees it (default: a viewer without restricted access).",
        )

    def handle(self, *args, kind: str, plan: int | None, output: str, username: str | None, **options):
        user = self._user(username)
        if kind == "scrutiny":
            self.stdout.write(self._scrutiny(options["report"], user, username, output))
            return
        if kind == "board-pack":
            self.stdout.write(self._board_pack(options["meeting"], user, username, output))
            return
        if plan is None:
            raise CommandError(f"{kind} needs --plan ID.")
        try:
            plan_obj = Plan.objects.select_related("partnership").get(pk=plan)
        except Plan.DoesNotExist:
            raise CommandError(f"There is no plan with id {plan}.") from None
        try:
            if kind == "delivery-plan":
                report = delivery_plan_report(plan=plan_obj, user=user)
                Path(output).write_bytes(report.content)
                summary = f"wrote {output}: {report.pages} pages"
            else:
                export = (spreadsheets.plan_xlsx if kind == "plan-xlsx" else spreadsheets.plan_csv)(
                    plan=plan_obj, user=user
                )
                Path(output).write_bytes(export.content)
                summary = f"wrote {output}: {export.rows} rows"
        except PermissionDenied as error:
            raise CommandError(f"{username} may not see plan {plan}: {error}") from None
        self.stdout.write(summary)

    def _board_pack(self, meeting_id: int | None, user, username: str | None, output: str) -> str:
        if meeting_id is None:
            raise CommandError("board-pack needs --meeting ID.")
        try:
            meeting = Meeting.objects.select_related("partnership", "plan").get(pk=meeting_id)
        except Meeting.DoesNotExist:
            raise CommandError(f"There is no meeting with id {meeting_id}.") from None
        try:
            report = board_pack_report(meeting=meeting, user=user)
        except PermissionDenied as error:
            raise CommandError(f"{username or 'The default reader'}: {error}") from None
        Path(output).write_bytes(report.content)
        return f"wrote {output}: {report.pages} pages"

    def _scrutiny(self, report_id: int | None, user, username: str | None, output: str) -> str:
        if report_id is None:
            raise CommandError("scrutiny needs --report ID.")
        try:
            report = ScrutinyReport.objects.select_related("partnership", "plan").get(pk=report_id)
        except ScrutinyReport.DoesNotExist:
            raise CommandError(f"There is no scrutiny report with id {report_id}.") from None
        try:
            pdf = scrutiny_report_pdf(report=report, user=user)
        except PermissionDenied as error:
            raise CommandError(f"{username or 'The default reader'}: {error}") from None
        Path(output).write_bytes(pdf.content)
        return f"wrote {output}: {pdf.pages} pages"

    def _user(self, username: str | None):
        if username is None:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user called {username!r}.") from None
