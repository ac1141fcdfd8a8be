"""The deadline-week mix for `manage.py benchmark_load` (locust, headless, 127.0.0.1 only).

Lead officers open My actions and their update form, save drafts and submit; viewers read the
plan page, the plan dashboard and search; one coordinator reviews what is submitted (accepting
it) and now and then requests a board pack. Every save a lead makes is appended to the journal
(`BENCH_JOURNAL`) before it is sent and again once it is answered, so the command can check
afterwards that nothing was lost or duplicated (a save still in flight when the run stops is sent
but never answered).
"""

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, task

CONFIG = json.loads(open(os.environ["BENCH_CONFIG"]).read())  # noqa: SIM115 - read once at start
JOURNAL = os.environ["BENCH_JOURNAL"]
_journal_lock = threading.Lock()
_leads = itertools.cycle(CONFIG["leads"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATE = re.compile(r'name="state" value="([^"]*)"')
REVIEW = re.compile(r'href="(/p/[^"]+/updates/\d+/review/)"')


def journal(entry: dict) -> None:
    with _journal_lock, open(JOURNAL, "a") as out:
        out.write(json.dumps(entry) + "\n")


class SignedIn(HttpUser):
    abstract = True
    username = ""

    def sign_in(self, username: str) -> None:
        session = CONFIG.get("sessions", {}).get(username)
        if session:  # already signed in (the default): the run measures the work, not the hash
            self.client.cookies.set("sessionid", session)
            return
        page = self.client.get("/accounts/login/", name="login page")
        self.client.post(
            "/accounts/login/",
            {
                "username": username,
                "password": CONFIG["password"],
                "csrfmiddlewaretoken": self.csrf(page.text),
            },
            name="log in",
        )

    def csrf(self, html: str) -> str:
        """The page's form token (every page has one: the header's sign-out form)."""
        found = CSRF.search(html)
        return found.group(1) if found else ""


class LeadOfficer(SignedIn):
    weight = 3
    wait_time = between(2, 6)

    def on_start(self) -> None:
        lead = next(_leads)
        self.lead = lead
        self.saves = 0
        self.sign_in(lead["username"])

    @task(2)
    def my_actions(self) -> None:
        self.client.get("/", name="my actions")

    @task(5)
    def write_update(self) -> None:
        form = self.client.get(self.lead["form"], name="update form")
        state = STATE.search(form.text)
        if state is None:  # awaiting review: nothing to write until the coordinator has looked
            return
        self.saves += 1
        submit = self.saves % 4 == 0
        kind = "submit" if submit else "draft"
        text = f"{self.lead['username']} run {CONFIG['run']} save {self.saves} {kind}"
        data = {
            "csrfmiddlewaretoken": self.csrf(form.text),
            "state": state.group(1),
            "narrative": text,
            "risk": "",
            "rag": CONFIG["rag"],
            "rag_reason": "",
            "submit" if submit else "save": "1",
        }
        journal({"row": self.lead["row"], "kind": f"{kind}-sent", "text": text})  # may be cut off
        with self.client.post(
            self.lead["form"],
            data,
            name="submit update" if submit else "save draft",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                journal({"row": self.lead["row"], "kind": kind, "text": text})
                response.success()
            else:
                response.failure(f"answered {response.status_code}")


class Viewer(SignedIn):
    weight = 2
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.sign_in(CONFIG["viewer"])

    @task(3)
    def plan_page(self) -> None:
        self.client.get(CONFIG["plan"], name="plan page")

    @task(3)
    def dashboard(self) -> None:
        self.client.get(CONFIG["dashboard"], name="plan dashboard")

    @task(2)
    def search(self) -> None:
        self.client.get(CONFIG["search"], params={"q": random.choice(CONFIG["words"])}, name="search")


class Coordinator(SignedIn):
    fixed_count = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.sign_in(CONFIG["coordinator"])

    @task(6)
    def review(self) -> None:
        round_page = self.client.get(CONFIG["round"], name="round tracking")
        links = REVIEW.findall(round_page.text)
        if not links:
            return
        link = random.choice(links)
        review = self.client.get(link, name="review page")
        if 'name="accept"' in review.text:
            self.client.post(
                link, {"csrfmiddlewaretoken": self.csrf(review.text), "accept": "1"}, name="accept"
            )

    @task(1)
    def board_pack(self) -> None:
        meetings = self.client.get(CONFIG["meetings"], name="meetings")
        self.client.post(
            CONFIG["board_pack"], {"csrfmiddlewaretoken": self.csrf(meetings.text)}, name="request board pack"
        )
