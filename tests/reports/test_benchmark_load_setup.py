"""The load benchmark's own set-up and its data check (the benchmark itself is not a test)."""

from django.contrib.auth.models import User
from django.test import Client

from reports.load.setup import bench_sessions, bench_setup


def test_setup_gives_each_benchmark_lead_a_row_they_can_write(demo, db):
    config = bench_setup(leads=2)
    assert bench_setup(leads=2) == config  # idempotent
    lead = User.objects.get(username=config["leads"][0]["username"])
    assert lead.check_password(config["password"])
    client = Client()
    client.force_login(lead)
    page = client.get(config["leads"][0]["form"])
    assert page.status_code == 200 and b'name="state"' in page.content
    client.force_login(User.objects.get(username=config["coordinator"]))
    for key in ("plan", "dashboard", "search", "round", "meetings"):
        assert client.get(config[key]).status_code == 200, key


def test_the_premade_sessions_are_signed_in(demo, db):
    config = bench_setup(leads=1)
    sessions = bench_sessions(config)
    client = Client()
    client.cookies["sessionid"] = sessions[config["leads"][0]["username"]]
    assert client.get(config["leads"][0]["form"]).status_code == 200
