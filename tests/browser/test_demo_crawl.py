"""The demo as each kind of person meets it: every page reachable by following links from the
home page, at desktop width and at 320 px, with axe-core and no page wider than the screen.

A crawl finds pages that per-route checks miss: a page in the state the demo leaves it (a
returned update, an issued report, a late review), a link shown to someone who may not follow it,
a table that pushes a phone's screen sideways. The viewer's crawl also checks that no page shows a
councillor the internal back-and-forth: a returned update's comment or an unreviewed narrative.

One page per URL shape is visited (the ids in a path are what vary), so the crawl stays short as
the demo grows.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Page

from plans.models import ProgressUpdate
from tests.browser.conftest import axe_violations, demo_login, format_violations

# Files and actions rather than pages: downloads, exports, feeds, the admin and logging out.
NOT_PAGES = re.compile(
    r"/logout|/download|/export|/files?/|/feed|/admin/|/api/|/static/|/media/|\.(pdf|xlsx|csv|ics|json)$"
)
NARROW = 320
DESKTOP = 1280
MOST_PAGES = 150  # a guard against a crawl that never ends; the demo has far fewer shapes


def shape(path: str) -> str:
    """A page's URL with its ids left out: /p/x/plans/3/actions/7/ → /p/x/plans/N/actions/N/."""
    return re.sub(r"/\d+(?=/|$)", "/N", urlsplit(path).path)


def wider_than_screen(page: Page) -> list[str]:
    """Elements that push the page sideways (not those inside their own scrolling box)."""
    return page.evaluate(
        """() => {
            const scrollsItself = el => {
                for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (getComputedStyle(a).overflowX !== 'visible') return true;
                }
                return false;
            };
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                if (el.getBoundingClientRect().right > window.innerWidth + 1 && !scrollsItself(el)) {
                    const text = el.textContent.trim().slice(0, 50);
                    out.push(`${el.tagName.toLowerCase()}.${el.className}: ${text}`);
                }
            }
            return out.slice(-3);
        }"""
    )


def captions_cut(page: Page) -> list[str]:
    """Captions of tables in a sideways-scrolling box that run past the box's edge (their words
    would be cut off, since a caption does not scroll into view by itself)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.csp-table-wrap > table > caption')]
            .filter(c => {
                const box = c.closest('.csp-table-wrap').getBoundingClientRect();
                return c.getBoundingClientRect().right > box.right + 1;
            })
            .map(c => c.textContent.trim().slice(0, 50))"""
    )


def crawl(page: Page, base_url: str, secrets: list[str]) -> tuple[set[str], dict[str, list[str]]]:
    """Visit every page shape reachable from the home page; return the shapes visited and the
    problems found by page, including any of `secrets` in a page's text."""
    problems: dict[str, list[str]] = {}
    queue, shapes = ["/"], set()
    while queue and len(shapes) < MOST_PAGES:
        path = queue.pop(0)
        if shape(path) in shapes:
            continue
        shapes.add(shape(path))
        page.set_viewport_size({"width": DESKTOP, "height": 900})
        response = page.goto(base_url + path)
        assert response is not None
        found = problems.setdefault(path, [])
        if response.status >= 400:
            found.append(f"answered {response.status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        found += [format_violations([v]) for v in axe_violations(page)]
        text = page.inner_text("body")
        found += [
            f"shows what this reader must not see: {secret[:60]}" for secret in secrets if secret in text
        ]
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlsplit(urljoin(base_url + path, href))
            if link.netloc == urlsplit(base_url).netloc and not NOT_PAGES.search(link.path):
                queue.append(link.path + (f"?{link.query}" if link.query else ""))
        page.set_viewport_size({"width": NARROW, "height": 800})
        found += [f"wider than {NARROW} px: {el}" for el in wider_than_screen(page)]
        found += [f"caption cut at {NARROW} px: {caption}" for caption in captions_cut(page)]
        found += [f"at {NARROW} px: " + format_violations([v]) for v in axe_violations(page)]
    return shapes, {path: found for path, found in problems.items() if found}


def unreviewed_words() -> list[str]:
    """What a councillor must never read: the coordinator's comments on returned updates and
    the narratives of updates not yet reviewed (the demo publishes accepted updates only)."""
    updates = ProgressUpdate.objects.filter(
        status__in=[ProgressUpdate.Status.RETURNED, ProgressUpdate.Status.SUBMITTED]
    )
    comments = [update.review_comment for update in updates if update.review_comment]
    narratives = [update.narrative for update in updates.filter(status=ProgressUpdate.Status.SUBMITTED)]
    accepted = set(ProgressUpdate.objects.accepted().values_list("narrative", flat=True))
    words = comments + [narrative for narrative in narratives if narrative not in accepted]
    assert comments and narratives
    return words


# The least each person must reach, so a crawl stopped short (a failed login) cannot pass.
FEWEST_PAGES = {"coordinator": 50, "lead": 15, "viewer": 10}


@pytest.mark.parametrize("username", list(FEWEST_PAGES))
def test_every_demo_page_passes_axe_and_fits_a_phone(page: Page, live_server, demo_site, username):
    demo_login(page, live_server, username)

    shapes, problems = crawl(page, live_server.url, unreviewed_words() if username == "viewer" else [])

    assert len(shapes) >= FEWEST_PAGES[username], sorted(shapes)
    assert not problems, "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())
