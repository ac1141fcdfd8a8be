"""Playwright set-up for the browser tests: Debian's Chromium, axe-core, a live server.

Every test here is marked `browser` automatically. The live server runs in a thread of this
process, so the database is shared through pytest-django's `transactional_db` (requested for
us by `live_server`); the ORM is called from inside Playwright's event loop, hence
DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from partners.models import GlossaryTerm
from plans.demo_data import DEMO_PASSWORD
from plans.models import ExpectedOutcome, ProgressUpdate, Target
from tests import factories

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM = "/usr/bin/chromium"


def pytest_configure(config):
    # pytest-playwright 0.10's own `base_url` fixture trips a pytest 9 deprecation warning.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning",
    )


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _static_passthrough(application):
    """In place of Django's test static handler: hand /static/ requests to the app itself."""
    return application


@pytest.fixture(scope="session")
def live_server(request, test_settings):
    """pytest-django's live server, but with static files served by WhiteNoise from the
    collected STATIC_ROOT, as in production.

    pytest-django wraps the server in `StaticFilesHandler`, which looks files up through the
    finders by their source name. Our pages link to manifest-hashed names (app.<hash>.css),
    which the finders cannot find, and the handler answers 404 without falling through to
    WhiteNoise. So the server gets a pass-through instead, and WhiteNoise's middleware serves
    the hashed files that `test_settings` collected into its temporary STATIC_ROOT.
    """
    addr = (
        request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _static_passthrough
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Our Content Security Policy would block the injected axe-core script.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def site(live_server, world):
    """The shared `world`, built in a transactional database the live server can see, plus
    the things the form pages edit and a progress timeline on row A."""
    # `live_server` makes pytest-django give `db` (and so `world`) a transactional database;
    # inside a test-wide atomic block the server thread would see nothing.
    assert not connection.in_atomic_block, "browser tests need transactional_db, not db"
    world.target = factories.TargetFactory(row=world.row_a, position=1)
    world.outcome = ExpectedOutcome.objects.create(
        action=world.action, number=1, text="Victims feel safer", status=world.rag("green")
    )
    world.term = GlossaryTerm.objects.create(
        partnership=world.partnership, acronym="IDVA", meaning="Independent Domestic Violence Adviser"
    )
    older = factories.ProgressUpdateFactory(
        row=world.row_a,
        period_quarter=1,
        update_date=datetime.date(2025, 7, 10),
        rag=world.rag("green"),
        narrative="Service commissioned.",
    )
    latest = factories.ProgressUpdateFactory(
        row=world.row_a,
        period_quarter=2,
        update_date=datetime.date(2025, 10, 10),
        rag=world.rag("amber"),
        rag_reason="Recruitment is slower than planned.",
        risk="Caseloads rise while posts are vacant.",
        narrative="Two of three advisers in post.",
    )
    world.row_a.current_update = latest
    world.row_a.save(update_fields=["current_update"])
    red = factories.ProgressUpdateFactory(
        row=world.row_b, rag=world.rag("red"), rag_reason="No funding yet.", narrative="Paused."
    )
    world.row_b.current_update = red
    world.row_b.save(update_fields=["current_update"])
    world.updates = [older, latest, red]
    assert ProgressUpdate.objects.filter(row=world.row_a).count() == 2
    assert Target.objects.filter(row=world.row_a).exists()
    return world


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The demo of `load_demo`, as a new user meets it, in a database the live server sees."""
    call_command("load_demo", stdout=io.StringIO())


def demo_login(page: Page, live_server, username: str) -> None:
    """Log in as one of the demo's logins."""
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def login(page: Page, live_server, username: str) -> None:
    """Log in through the real login form, as a person would."""
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def logout(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def _inject_axe(page: Page) -> None:
    """Put axe-core into the page once the page has loaded.

    A click on a link returns before the next page has arrived; injecting axe then can meet a
    document that has no element yet (CI failed so: "reading 'appendChild'") or one that is being
    replaced. Wait for the load and, if the navigation was still under way, once more.
    """
    for attempt in (1, 2):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(path=str(AXE_JS))
            return
        except PlaywrightError as error:
            racing_a_navigation = "appendChild" in str(error) or "context was destroyed" in str(error)
            if attempt == 2 or not racing_a_navigation:
                raise


def axe_violations(page: Page) -> list[dict]:
    _inject_axe(page)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '),
                    html: n.html.slice(0, 160),
                    why: [...n.any, ...n.all, ...n.none].map(c => c.message).join('; '),
                })),
            }));
        }""",
        AXE_TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}  {node['html']}")
            lines.append(f"      {node['why']}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n" + (
        format_violations(violations)
    )
