"""`manage.py benchmark`: time the main pages, the delivery plan PDF and an import on whatever
database is configured (best after `generate_scale_data`).

Each page is requested through Django's test client and through a real HTTP server (gunicorn on
127.0.0.1, started and stopped here), `--runs` times after two warm-ups; p50, p95 and the number
of queries (counted through the test client; the same view answers over HTTP) are printed as a
table and, with `--json FILE`, written as a list of objects with the keys name, p50_ms, p95_ms and
queries (null where a figure does not apply). Nothing it writes is kept: the draft save is
rolled back where it can be, and the PDF and the import run inside transactions that roll back.
"""

import datetime
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from http.client import HTTPConnection
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partners.models import Meeting, Membership, Partnership
from plans.management.commands.benchmark_import import build_docx
from plans.models import Plan, ProgressUpdate, ProjectRow
from reports.fresh import next_meeting
from reports.generation import report_file_generate
from reports.models import ReportFile
from reports.pdf import html_to_pdf
from reports.renderers import board_pack_report, delivery_plan_report


@dataclass
class Figure:
    name: str
    p50_ms: float | None
    p95_ms: float | None
    queries: int | None


class Rollback(Exception):
    pass


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return round(statistics.median(ordered), 1), round(p95, 1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HttpSession:
    """Requests to the gunicorn we started, carrying a logged-in session cookie."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.port = port
        self.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.csrf = cookies.get(settings.CSRF_COOKIE_NAME, "")

    def request(self, method: str, url: str, data: dict[str, Any] | None = None) -> tuple[int, bytes]:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.csrf,
                "Referer": f"http://127.0.0.1:{self.port}/",
            }
        conn.request(method, url, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        conn.close()
        return response.status, content


class FormFields(HTMLParser):
    """The values of the inputs, text areas and selected options of a page's update form."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name and a.get("type") not in {"submit", "button", "checkbox", "radio"}:
            self.values[name] = a.get("value") or ""
        elif tag == "input" and name and a.get("type") in {"checkbox", "radio"} and "checked" in a:
            self.values[name] = a.get("value") or "on"
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in a:
            self.values[self.select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += data


class Command(BaseCommand):
    help = (
        "Time the plan page, an action page, My actions, round tracking, both dashboards, search, the "
        "update form, an organisation's page and a draft save (test client and gunicorn), the "
        "delivery plan PDF against "
        "WeasyPrint alone, click-to-download, and a 200-row import."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnership", help="Slug (default: scale-0001, else marshfield).")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--json", dest="json_file", help="Also write the figures to this file.")
        parser.add_argument("--no-http", action="store_true", help="Skip the gunicorn measurements.")
        parser.add_argument("--no-pdf", action="store_true", help="Skip the PDF and download timings.")
        parser.add_argument("--search", default="partners", help="The search words (default: partners).")

    def handle(self, *args, partnership, runs, json_file, no_http, no_pdf, search, **options):
        if runs < 1:
            raise CommandError(f"--runs must be 1 or more, not {runs}.")
        home = self.find_partnership(partnership)
        plan = (
            Plan.objects.filter(partnership=home, status=Plan.Status.LIVE)
            .annotate(size=Count("actions__rows"))
            .order_by("-size", "pk")
            .first()
        )
        if plan is None:
            raise CommandError(f"Partnership '{home.slug}' has no live plan to time.")
        coordinator = self.member(home, Membership.Role.COORDINATOR)
        lead_row = self.lead_row(plan)
        lead = lead_row.lead_people.filter(user__isnull=False).first().user
        self.stdout.write(
            f"{connection.vendor}: {Partnership.objects.count():,} partnerships, "
            f"{ProgressUpdate.objects.count():,} progress updates; timing plan {plan.pk} "
            f"({ProjectRow.objects.filter(action__plan=plan).count()} rows) of {home.slug}, {runs} runs"
        )
        pages = self.pages(home, plan, lead_row, search)
        figures: list[Figure] = []
        clients = {"coordinator": self.client_for(coordinator), "lead": self.client_for(lead)}
        for name, role, url in pages:
            figures.append(self.time_client(f"{name} (client)", clients[role], url, runs))
        figures.append(self.time_draft_save(clients["lead"], home, plan, lead_row, runs))
        if not no_http:
            figures += self.time_http(pages, clients, home, plan, lead_row, runs)
        if not no_pdf:
            figures += self.time_pdf(plan, coordinator)
        figures.append(self.time_import(home))
        self.print_table(figures)
        if json_file:
            with open(json_file, "w") as out:
                json.dump([asdict(f) for f in figures], out, indent=1)
        self.stdout.write(f"benchmarked {len(figures)} figures on {connection.vendor} ({runs} runs each)")

    # Finding what to time
    def find_partnership(self, slug: str | None) -> Partnership:
        candidates = [slug] if slug else ["scale-0001", "marshfield"]
        for candidate in candidates:
            found = Partnership.objects.filter(slug=candidate).first()
            if found:
                return found
        raise CommandError(
            f"No partnership {' or '.join(candidates)}: run `manage.py generate_scale_data` "
            "(or `load_demo`) first, or pass --partnership SLUG."
        )

    def member(self, partnership: Partnership, role: str):
        membership = partnership.memberships.filter(role=role).select_related("user").order_by("pk").first()
        if membership is None:
            raise CommandError(f"Partnership '{partnership.slug}' has no {role} to time pages as.")
        return membership.user

    def lead_row(self, plan: Plan) -> ProjectRow:
        """A row with a logged-in lead, preferably with a draft in the open round (the update form)."""
        rows = ProjectRow.objects.filter(action__plan=plan, lead_people__user__isnull=False)
        drafted = rows.filter(updates__status=ProgressUpdate.Status.DRAFT).order_by("pk").first()
        row = drafted or rows.order_by("pk").first()
        if row is None:
            raise CommandError(f"Plan {plan.pk} has no row led by someone with a login.")
        return row

    def pages(
        self, home: Partnership, plan: Plan, row: ProjectRow, search: str
    ) -> list[tuple[str, str, str]]:
        slug = home.slug
        carried = plan.actions.filter(carried_from__isnull=False).order_by("sort_key").first()
        action = carried or plan.actions.order_by("sort_key").first()
        pages = [
            ("plan page", "coordinator", reverse("plan_detail", args=[slug, plan.pk])),
            ("action page", "coordinator", reverse("action_detail", args=[slug, plan.pk, action.pk])),
            ("My actions", "lead", reverse("home")),
            ("plan dashboard", "coordinator", reverse("plan_dashboard", args=[slug, plan.pk])),
            ("indicator dashboard", "coordinator", reverse("indicator_dashboard", args=[slug])),
            (
                "search",
                "coordinator",
                reverse("search", args=[slug]) + "?" + urllib.parse.urlencode({"q": search}),
            ),
            ("update form", "lead", reverse("update_form", args=[slug, plan.pk, row.pk])),
        ]
        organisation = row.lead_people.order_by("pk").values_list("organisation_id", flat=True).first()
        if organisation is not None:  # the rows it leads in every live plan, and its money
            pages.append(
                (
                    "organisation page",
                    "coordinator",
                    reverse("organisation_detail", args=[slug, organisation]),
                )
            )

        update_round = plan.rounds.filter(status="open").first()
        if update_round is not None:
            pages.insert(
                3,
                (
                    "round tracking",
                    "coordinator",
                    reverse("round_detail", args=[slug, plan.pk, update_round.pk]),
                ),
            )
        return pages

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    # Timing
    def time_client(self, name: str, client: Client, url: str, runs: int) -> Figure:
        for _ in range(2):
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{name}: {url} answered {response.status_code}")
        connection.queries_log.clear()  # each request resets the log, which would count nothing
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured)  # now: the requests below may clear the log it reads
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        return Figure(name, *percentiles(timings), queries)

    def draft_data(self, client: Client, url: str) -> dict[str, Any]:
        """The update form's fields as the page gives them, with a word added to the narrative."""
        fields = FormFields()
        fields.feed(client.get(url).content.decode())
        data = fields.values
        data["narrative"] = data.get("narrative", "") + " Benchmark."
        return data

    def time_draft_save(
        self, client: Client, home: Partnership, plan: Plan, row: ProjectRow, runs: int
    ) -> Figure:
        """The form's draft save (autosave endpoint, same service), rolled back each time."""
        url = reverse("update_autosave", args=[home.slug, plan.pk, row.pk])
        data = self.draft_data(client, reverse("update_form", args=[home.slug, plan.pk, row.pk]))
        timings, queries = [], None
        for n in range(runs + 2):
            connection.queries_log.clear()
            try:
                with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.post(url, data)
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise CommandError(
                            f"draft save answered {response.status_code}: {response.content[:300]!r}"
                        )
                    raise Rollback
            except Rollback:
                pass
            if n >= 2:
                timings.append(elapsed)
                queries = len(captured)
        return Figure("draft save POST (client)", *percentiles(timings), queries)

    def time_http(self, pages, clients: dict[str, Client], home, plan, row, runs: int) -> list[Figure]:
        port = free_port()
        env = os.environ | {"PYTHONUNBUFFERED": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "csp_tracker.wsgi", "-b", f"127.0.0.1:{port}",
             "-w", "2", "--log-level", "warning"],
            env=env,
        )  # fmt: skip
        try:
            self.wait_for(port)
            sessions = {role: HttpSession(port, self.cookies(client)) for role, client in clients.items()}
            figures = []
            for name, role, url in pages:
                figures.append(self.time_http_page(f"{name} (HTTP)", sessions[role], url, runs))
            figures.append(self.time_http_draft(sessions["lead"], clients["lead"], home, plan, row, runs))
            return figures
        finally:
            server.terminate()
            server.wait(timeout=30)

    def cookies(self, client: Client) -> dict[str, str]:
        client.get(reverse("home"))  # sets the CSRF cookie
        return {name: morsel.value for name, morsel in client.cookies.items()}

    def wait_for(self, port: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"gunicorn did not start on 127.0.0.1:{port} within 60 s")

    def time_http_page(self, name: str, session: HttpSession, url: str, runs: int) -> Figure:
        for _ in range(4):  # two warm-ups for each of the two workers
            status, _ = session.request("GET", url)
            if status != 200:
                raise CommandError(f"{name}: {url} answered {status} over HTTP")
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            session.request("GET", url)
            timings.append((time.perf_counter() - started) * 1000)
        return Figure(name, *percentiles(timings), None)

    def time_http_draft(self, session: HttpSession, client: Client, home, plan, row, runs: int) -> Figure:
        """Over HTTP the draft is really saved (another process cannot roll back): each save carries
        the state token the previous one returned, as the form's autosave does."""
        url = reverse("update_autosave", args=[home.slug, plan.pk, row.pk])
        data = self.draft_data(client, reverse("update_form", args=[home.slug, plan.pk, row.pk]))
        timings = []
        for n in range(runs + 2):
            started = time.perf_counter()
            status, content = session.request("POST", url, data)
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                raise CommandError(f"draft save over HTTP answered {status}: {content[:300]!r}")
            data["state"] = json.loads(content)["state"]
            if n >= 2:
                timings.append(elapsed)
        return Figure("draft save POST (HTTP)", *percentiles(timings), None)

    def time_pdf(self, plan: Plan, user) -> list[Figure]:
        """The delivery plan and the next meeting's board pack: the whole render against WeasyPrint
        alone on the same HTML, then click-to-download with no copy kept (rendered on request, as
        an idle worker would at once) and with a fresh copy (reports/fresh.py): the reader's own,
        and one made for another reader whose report is the same."""
        meeting, made_meeting = self.board_meeting(plan)
        try:
            return self.time_reports(plan, meeting, user)
        finally:
            if made_meeting:
                meeting.delete()

    def time_reports(self, plan: Plan, meeting: Meeting, user) -> list[Figure]:
        other = self.other_reader(plan.partnership, user)
        figures = self.time_render("delivery plan", lambda: delivery_plan_report(plan=plan, user=user))
        figures += self.time_render("board pack", lambda: board_pack_report(meeting=meeting, user=user))
        slug = plan.partnership.slug
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            started_at = timezone.now()
            try:
                for label, url in (
                    ("delivery plan", reverse("delivery_plan_pdf", args=[slug, plan.pk])),
                    ("board pack", reverse("board_pack_pdf", args=[slug, meeting.pk])),
                ):
                    figures.append(self.time_click_to_download(label, url, user, "no copy kept"))
                    figures.append(self.time_click_to_download(label, url, user, "own fresh copy"))
                    if other is not None:
                        case = "copy of another reader's"
                        figures.append(self.time_click_to_download(label, url, other, case))
            finally:
                made = ReportFile.objects.filter(
                    Q(plan=plan) | Q(meeting=meeting), created_at__gte=started_at
                )
                DBTaskResult.objects.filter(  # the renders the requests queued: done here already
                    task_path="reports.tasks.generate_report_file_task",
                    status="READY",
                    args_kwargs__args__0__in=list(made.values_list("pk", flat=True)),
                ).delete()
                for report_file in made:
                    report_file.file.delete(save=False)
                    report_file.delete()
        return figures

    def time_render(self, label: str, render) -> list[Figure]:
        started = time.perf_counter()
        report = render()
        total = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        html_to_pdf(report.html)
        alone = (time.perf_counter() - started) * 1000
        self.stdout.write(f"{label} PDF: {total / alone:.2f} × WeasyPrint's own time (target 1.2)")
        return [
            Figure(f"{label} PDF ({report.pages} pages)", round(total, 1), None, None),
            Figure(f"{label}: WeasyPrint alone, same HTML", round(alone, 1), None, None),
        ]

    def board_meeting(self, plan: Plan) -> tuple[Meeting, bool]:
        """The plan's next meeting; else a meeting made for the measurement (removed after)."""
        meeting = next_meeting(plan, timezone.localdate())
        if meeting is not None:
            return meeting, False
        made = Meeting.objects.create(
            partnership=plan.partnership,
            plan=plan,
            title="Benchmark board",
            date=timezone.localdate() + datetime.timedelta(days=14),
        )
        return made, True

    def other_reader(self, partnership: Partnership, user):
        """Another active member who is not a coordinator (a board member, if there is one)."""
        for role in (Membership.Role.VIEWER, Membership.Role.LEAD_OFFICER):
            membership = (
                partnership.memberships.filter(role=role, user__is_active=True)
                .exclude(user=user)
                .select_related("user")
                .order_by("pk")
                .first()
            )
            if membership is not None:
                return membership.user
        return None

    def time_click_to_download(self, label: str, url: str, user, case: str) -> Figure:
        """Request (and its progress page), render as an idle worker would at once unless a fresh
        copy is there (reports/fresh.py), download: what the reader waits. "Another reader's" asks
        first as a reader of the same audience (unmeasured), then as this one."""
        if case == "copy of another reader's":
            peer = self.other_reader(self.partnership_of(url), user)
            if peer is not None and peer != user:
                self.click_to_download(url, peer)
        started = time.perf_counter()
        self.click_to_download(url, user)
        elapsed = (time.perf_counter() - started) * 1000
        return Figure(f"{label} click-to-download, {case}", round(elapsed, 1), None, None)

    def partnership_of(self, url: str) -> Partnership:
        return Partnership.objects.get(slug=url.split("/")[2])

    def click_to_download(self, url: str, user) -> None:
        client = self.client_for(user)
        response = client.post(url)
        if response.status_code != 302:
            raise CommandError(f"{url} answered {response.status_code}")
        client.get(response["Location"])
        report_file = ReportFile.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
        if report_file.status != ReportFile.Status.DONE:
            report_file_generate(report_file=report_file)
        slug = report_file.partnership.slug
        download = client.get(reverse("report_file_download", args=[slug, report_file.pk]))
        if download.status_code != 200:
            raise CommandError(f"the download of {report_file} answered {download.status_code}")
        b"".join(download.streaming_content) if download.streaming else download.content

    def time_import(self, home: Partnership) -> Figure:
        from plans.importing.services import plan_import, plan_import_parse

        data = build_docx(200)
        started = time.perf_counter()
        try:
            with transaction.atomic():
                parsed = plan_import_parse(
                    data=data,
                    filename="benchmark.docx",
                    plan_start=datetime.date(2014, 4, 1),
                    year_start_month=home.year_start_month,
                )
                plan_import(
                    partnership=home,
                    parsed=parsed,
                    user=None,
                    title="Benchmark import",
                    start_date=datetime.date(2014, 4, 1),
                    end_date=datetime.date(2015, 3, 31),
                    source_name="benchmark.docx",
                )
                raise Rollback
        except Rollback:
            pass
        return Figure("200-row import (Word)", round((time.perf_counter() - started) * 1000, 1), None, None)

    def print_table(self, figures: list[Figure]) -> None:
        def cell(value: float | int | None) -> str:
            return "" if value is None else f"{value:g}"

        self.stdout.write("| figure | p50 ms | p95 ms | queries |\n| --- | --- | --- | --- |")
        for f in figures:
            self.stdout.write(f"| {f.name} | {cell(f.p50_ms)} | {cell(f.p95_ms)} | {cell(f.queries)} |")
