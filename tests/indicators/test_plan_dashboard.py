"""The plan dashboard: RAG mix per theme and per quarter, filters with shareable URLs,
drill-down links, rows off track, completeness and recent changes."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csp_tracker.periods import Quarter
from indicators.dashboard_selectors import AcceptedUpdate, status_as_at, statuses_by_quarter
from plans.models import ProgressUpdate, UpdateRound
from tests import factories


def accepted(row, quarter: int, rag, **fields):
    update = factories.ProgressUpdateFactory(
        row=row,
        period_quarter=quarter,
        update_date=datetime.date(2025, 4 + 3 * quarter, 10),
        rag=rag,
        **fields,
    )
    row.current_update = update
    row.save(update_fields=["current_update"])
    return update


@pytest.fixture
def plan_world(world):
    """Theme 1: row A green in Q1 then amber in Q2, row B red in Q2. Theme 2: row C, no update."""
    accepted(world.row_a, 1, world.rag("green"), narrative="Service commissioned.")
    accepted(world.row_a, 2, world.rag("amber"), narrative="Two advisers in post.", risk="Caseloads rise.")
    accepted(world.row_b, 2, world.rag("red"), narrative="Paused.", rag_reason="No funding yet.")
    theme2 = factories.ThemeFactory(plan=world.plan, number="2", title="Anti-social behaviour")
    action2 = factories.ActionFactory(plan=world.plan, theme=theme2, reference="2.1", title="Patrol hotspots")
    world.row_c = factories.ProjectRowFactory(action=action2, description="Hotspot patrols")
    world.theme2 = theme2
    return world


def dashboard(client, world, query: str = "", user: str = "viewer") -> BeautifulSoup:
    client.force_login(world.users[user])
    url = reverse("plan_dashboard", args=[world.partnership.slug, world.plan.pk]) + query
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table(soup, caption: str) -> dict[str, list[str]]:
    for candidate in soup.find_all("table"):
        if candidate.caption and candidate.caption.get_text(strip=True).startswith(caption):
            return {
                tr.th.get_text(" ", strip=True): [
                    td.get_text(" ", strip=True).split(" ")[0] for td in tr.find_all("td")
                ]
                for tr in candidate.tbody.find_all("tr")
            }
    raise AssertionError(f"no table captioned {caption}")


def listed_actions(soup) -> list[str]:
    rows = soup.select("[data-testid=dashboard-rows] tbody tr")
    return [tr.td.span.get_text(strip=True) for tr in rows]


def test_theme_table_counts_rows_per_status(client, plan_world):
    counts = table(dashboard(client, plan_world), "Project rows by theme")
    # columns: Red, Amber, Green, No status yet, All rows
    assert counts == {
        "1. Domestic abuse": ["1", "1", "0", "0", "2"],
        "2. Anti-social behaviour": ["0", "0", "0", "1", "1"],
    }


def test_quarter_table_shows_each_rows_status_as_at_each_quarter(client, plan_world):
    counts = table(dashboard(client, plan_world), "Project rows by quarter")
    assert counts["Q1 2025/26"] == ["0", "0", "1", "2", "3"]
    assert counts["Q2 2025/26"] == ["1", "1", "0", "1", "3"]
    assert counts["Q4 2025/26"] == counts["Q2 2025/26"]


def test_without_filters_the_rows_off_track_are_listed_with_narrative_and_risk(client, plan_world):
    soup = dashboard(client, plan_world)
    assert soup.find(id="rows").get_text(strip=True) == "Rows off track"
    assert listed_actions(soup) == ["IDVA service", "Awareness campaign"]
    text = soup.select_one("[data-testid=dashboard-rows]").get_text(" ", strip=True)
    assert "Risk: Caseloads rise." in text
    assert "Why: No funding yet." in text


def test_filter_by_rag_and_theme_lists_only_those_rows(client, plan_world):
    theme = plan_world.action.theme_id
    soup = dashboard(client, plan_world, f"?theme={theme}&rag=red")
    assert listed_actions(soup) == ["Awareness campaign"]
    assert soup.find(id="rows").get_text(strip=True) == "Rows matching the filters"


def test_filter_by_theme_narrows_every_section(client, plan_world):
    soup = dashboard(client, plan_world, f"?theme={plan_world.theme2.pk}")
    assert list(table(soup, "Project rows by theme")) == ["2. Anti-social behaviour"]
    assert listed_actions(soup) == ["Hotspot patrols"]


def test_filter_by_rows_with_no_status(client, plan_world):
    assert listed_actions(dashboard(client, plan_world, "?rag=none")) == ["Hotspot patrols"]


def test_filter_by_lead_organisation(client, plan_world):
    assert listed_actions(dashboard(client, plan_world, f"?organisation={plan_world.police.pk}")) == [
        "IDVA service"
    ]


def test_filter_by_text(client, plan_world):
    assert listed_actions(dashboard(client, plan_world, "?q=CAMPAIGN")) == ["Awareness campaign"]


def test_filter_by_quarter_shows_statuses_as_at_that_quarter(client, plan_world):
    soup = dashboard(client, plan_world, "?quarter=2025-q1&rag=green")
    assert listed_actions(soup) == ["IDVA service"]
    assert "as at Q1 2025/26" in soup.find(id="theme-mix-heading").get_text()


def test_an_unknown_filter_value_is_refused_not_a_crash(client, plan_world):
    soup = dashboard(client, plan_world, "?quarter=1999-q9&theme=abc")
    assert soup.select_one(".csp-filter")


def test_chart_segments_link_to_the_filtered_dashboard(client, plan_world):
    soup = dashboard(client, plan_world)
    chart = soup.find("svg", attrs={"aria-labelledby": "theme-mix-title theme-mix-desc"})
    link = chart.find("a", attrs={"aria-label": "1. Domestic abuse: Red, 1"})
    query = parse_qs(urlsplit(link["href"]).query)
    assert query == {"theme": [str(plan_world.action.theme_id)], "rag": ["red"]}
    assert urlsplit(link["href"]).fragment == "rows"


def test_segment_links_keep_the_other_filters(client, plan_world):
    soup = dashboard(client, plan_world, f"?organisation={plan_world.council.pk}")
    link = soup.find("svg", attrs={"aria-labelledby": "quarter-mix-title quarter-mix-desc"}).find("a")
    query = parse_qs(urlsplit(link["href"]).query)
    assert query["organisation"] == [str(plan_world.council.pk)]
    assert "quarter" in query


def test_charts_have_a_title_and_a_description_naming_the_counts(client, plan_world):
    soup = dashboard(client, plan_world)
    chart = soup.find("svg", attrs={"role": "group", "aria-labelledby": "theme-mix-title theme-mix-desc"})
    assert chart.find("title", id="theme-mix-title").get_text() == "RAG status of project rows by theme"
    assert "1. Domestic abuse: 1 Red, 1 Amber" in chart.find("desc").get_text()
    legend = [text.get_text() for text in chart.find_all("text")]
    assert {"Red", "Amber", "Green", "No status yet"} <= set(legend)


def test_listed_rows_link_to_the_action_timeline(client, plan_world):
    soup = dashboard(client, plan_world, "?rag=red")
    link = soup.select_one("[data-testid=dashboard-rows] tbody a")
    assert link["href"] == reverse(
        "action_detail", args=[plan_world.partnership.slug, plan_world.plan.pk, plan_world.action.pk]
    )


def test_recent_changes_list_rows_whose_rag_changed(client, plan_world):
    section = dashboard(client, plan_world).find(id="changes-heading").parent
    items = [li.get_text(" ", strip=True) for li in section.find_all("li")]
    assert items == ["Q2 2025/26: action 1.1, row 1 moved from Green to Amber"]


def test_drafts_and_submitted_updates_do_not_change_the_dashboard(client, plan_world):
    factories.ProgressUpdateFactory(
        row=plan_world.row_c, rag=plan_world.rag("red"), status=ProgressUpdate.Status.SUBMITTED
    )
    factories.ProgressUpdateFactory(row=plan_world.row_c, rag=plan_world.rag("red"), status="draft")
    counts = table(dashboard(client, plan_world), "Project rows by quarter")
    assert counts["Q2 2025/26"] == ["1", "1", "0", "1", "3"]


def test_completeness_of_the_open_round(client, plan_world):
    update_round = UpdateRound.objects.create(
        plan=plan_world.plan, year=2025, quarter=3, due_date=datetime.date(2026, 1, 15)
    )
    factories.ProgressUpdateFactory(
        row=plan_world.row_a, round=update_round, status="submitted", period_quarter=3
    )
    text = dashboard(client, plan_world).find(id="completeness-heading").parent.get_text(" ", strip=True)
    assert "1 of 3 rows updated (33%)" in text


# --- queries -----------------------------------------------------------------------------


def grow(world, start: int, n: int) -> None:
    for i in range(start, start + n):
        theme = factories.ThemeFactory(plan=world.plan, number=f"T{i}")
        action = factories.ActionFactory(plan=world.plan, theme=theme, reference=f"{i + 10}.1")
        for position, code in enumerate(["green", "red"], 1):
            row = factories.ProjectRowFactory(action=action, position=position, description=f"Row {i}")
            row.lead_people.add(world.lead_person)
            row.lead_organisations.add(world.council)
            accepted(row, 1, world.rag("green"))
            accepted(row, 2, world.rag(code), risk="Some risk")


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("query", ["", "?rag=red", "?quarter=2025-q1&q=Row"])
def test_dashboard_queries_do_not_grow_with_the_plan(client, plan_world, query):
    UpdateRound.objects.create(
        plan=plan_world.plan, year=2025, quarter=3, due_date=datetime.date(2026, 1, 15)
    )
    client.force_login(plan_world.users["viewer"])
    url = reverse("plan_dashboard", args=[plan_world.partnership.slug, plan_world.plan.pk]) + query
    grow(plan_world, 1, 3)
    small = count_queries(client, url)
    grow(plan_world, 4, 6)
    assert count_queries(client, url) == small


def test_dashboard_query_count_is_pinned(client, plan_world):
    UpdateRound.objects.create(
        plan=plan_world.plan, year=2025, quarter=3, due_date=datetime.date(2026, 1, 15)
    )
    client.force_login(plan_world.users["viewer"])
    url = reverse("plan_dashboard", args=[plan_world.partnership.slug, plan_world.plan.pk])
    grow(plan_world, 1, 3)
    # 22 + the money panel (3, issue 14) + the plan roll-up (3), - 4: the rows loaded once (issue 18);
    # - 4 more: roll-up, RAG scale and leads from the cached outline (one query for its version),
    # the filter's choices read once, no query for the chosen rows when none is filtered out;
    # - 1: the partnership comes with the memberships; - 1: the money panel reads only the
    # actions the allocations name (none here), not every action; - 1: the rows, their actions
    # and themes from the cached outline
    assert count_queries(client, url) == 17


def test_statuses_by_quarter_walks_the_history_once_as_status_as_at_reads_it():
    """The quarter mix takes each row's status as at every quarter in one walk of its history."""
    start = 4  # an April year
    quarters = [
        Quarter(2024, 4, start),
        Quarter(2025, 1, start),
        Quarter(2025, 2, start),
        Quarter(2025, 3, start),
    ]

    def accepted(pk, year, quarter):
        return AcceptedUpdate(pk, 1, year, quarter, datetime.date(2025, 1, 1), None, None)

    # Q1 2025/26, then two versions in Q2 (the later wins), then Q4 after every quarter asked.
    history = [accepted(1, 2025, 1), accepted(2, 2025, 2), accepted(3, 2025, 2), accepted(4, 2025, 4)]
    found = statuses_by_quarter(history, quarters)
    assert [u.pk if u else None for u in found] == [None, 1, 3, 3]
    assert found == [status_as_at(history, quarter) for quarter in quarters]
    assert statuses_by_quarter([], quarters) == [None] * 4
