"""A load benchmark of the deadline-week mix: gunicorn on 127.0.0.1 and locust, headless and
bounded in time, against the configured database (use a throw-away one: it adds benchmark leads
and their updates). Prints requests per second, p50/p95/p99 per page and the error rate, then
checks the database: every submitted update there exactly once, no draft lost.
"""

import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reports.load.setup import bench_sessions, bench_setup, journal_check

HOST = "127.0.0.1"  # the benchmark never sends traffic anywhere else
LOCUSTFILE = Path(__file__).resolve().parents[2] / "load" / "locustfile.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Command(BaseCommand):
    help = "Load-test the deadline-week mix with locust against gunicorn on 127.0.0.1, then check the data."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50, help="Simulated users (default 50).")
        parser.add_argument("--seconds", type=int, default=90, help="How long the load runs (default 90).")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4).")
        parser.add_argument("--port", type=int, default=0, help="Port on 127.0.0.1 (default: a free one).")
        parser.add_argument("--spawn-rate", type=float, default=5, help="Users started per second.")
        parser.add_argument("--leads", type=int, default=40, help="Benchmark lead officers to create.")
        parser.add_argument(
            "--log-in",
            action="store_true",
            help="Each simulated user signs in with the password (default: starts signed in).",
        )

    def handle(self, *args, users, seconds, workers, port, spawn_rate, leads, log_in, **options):
        port = port or free_port()
        config = bench_setup(leads=leads) | {"run": secrets.token_hex(4)}  # this run's texts are its own
        if not log_in:
            config["sessions"] = bench_sessions(config)
        if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            (folder / "config.json").write_text(json.dumps(config))
            journal = folder / "journal.jsonl"
            server = self.start_server(workers=workers, port=port, log=folder / "gunicorn.log")
            try:
                self.run_locust(
                    folder, users=users, seconds=seconds, spawn_rate=spawn_rate, port=port, journal=journal
                )
            finally:
                server.terminate()
                server.wait(timeout=30)
            stats = list(csv.DictReader((folder / "locust_stats.csv").open()))
            failures = list(csv.DictReader((folder / "locust_failures.csv").open()))
            check = journal_check(journal=journal)
        total = self.report(stats, failures)
        for problem in check.problems:
            self.stdout.write(f"DATA PROBLEM: {problem}")
        self.stdout.write(
            f"{engine}, {users} users, {seconds}s, {workers} workers"
            f"{', signing in' if log_in else ''}: {total['Request Count']} requests, "
            f"{float(total['Requests/s']):.1f} req/s, errors {self.error_rate(total):.2%}, "
            f"p95 {total['95%']} ms; "
            f"{check.submitted} submissions each stored once, {check.drafts_checked} last drafts checked, "
            f"{len(check.problems)} data problems."
        )
        if check.problems:
            raise CommandError("Updates were lost or duplicated (see above).")

    def start_server(self, *, workers: int, port: int, log: Path) -> subprocess.Popen:
        command = [sys.executable, "-m", "gunicorn", "csp_tracker.wsgi", "-w", str(workers)]
        command += ["-b", f"{HOST}:{port}", "--error-logfile", str(log), "--timeout", "120"]
        env = {**os.environ, "DEBUG": "false"}
        server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/accounts/login/", timeout=5)
                time.sleep(1)
                if server.poll() is None:  # ours answered, not something else on that port
                    return server
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        server.terminate()
        raise CommandError(f"gunicorn did not start on {HOST}:{port} (see {log}).")

    def run_locust(
        self, folder: Path, *, users: int, seconds: int, spawn_rate: float, port: int, journal: Path
    ):
        command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
        command += ["-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s", "--stop-timeout", "10"]
        command += [
            "--host",
            f"http://{HOST}:{port}",
            "--csv",
            str(folder / "locust"),
            "--loglevel",
            "WARNING",
        ]
        env = {
            **os.environ,
            "BENCH_CONFIG": str(folder / "config.json"),
            "BENCH_JOURNAL": str(journal),
        }
        with (folder / "locust.log").open("w") as log:
            subprocess.run(
                command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
            )

    @staticmethod
    def error_rate(row: dict) -> float:
        count = int(row["Request Count"])
        return int(row["Failure Count"]) / count if count else 0.0

    def report(self, stats: list[dict], failures: list[dict]) -> dict:
        self.stdout.write(
            f"{'page':<22} {'requests':>8} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>7}"
        )
        total = {}
        for row in stats:
            if row["Name"] == "Aggregated":
                total = row
                continue
            self.stdout.write(
                f"{row['Name']:<22} {row['Request Count']:>8} {float(row['Requests/s']):>6.2f} "
                f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {self.error_rate(row):>7.2%}"
            )
        for failure in failures:
            self.stdout.write(
                f"error: {failure['Method']} {failure['Name']}: {failure['Error']} x{failure['Occurrences']}"
            )
        if not total:
            raise CommandError("locust produced no statistics (see its log).")
        return total
