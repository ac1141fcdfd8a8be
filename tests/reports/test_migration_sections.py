"""reports 0003 moves each saved report's five texts into sections, and back when reversed."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("reports", "0002_scrutiny_dhr_version")
AFTER = ("reports", "0003_reports13_scrutiny_composition_meetings")
TEXTS = {
    "purpose": "Why we report.\n\nA second paragraph.",
    "key_issues": "- Burglary is up\n- ASB is down",
    "recommendations": "That the panel notes <this> & that.",
    "background": "The partners.",
    "performance": "",
}


def migrate(reports_node):
    """Every other app at its latest migration, reports at `reports_node`; the apps as they were.
    An app whose migrations need a later reports migration (assessments) is left to follow it."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    later = {node for node in graph.nodes if node[0] == "reports"} - set(graph.forwards_plan(reports_node))
    targets = [
        node
        for node in graph.leaf_nodes()
        if node[0] != "reports" and not set(graph.forwards_plan(node)) & later
    ]
    targets.append(reports_node)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Every app back at its latest migration, for the tests that follow."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_texts_become_sections_and_come_back():
    apps = migrate(BEFORE)
    user = apps.get_model("auth", "User").objects.create(username="migrator")
    partnership = apps.get_model("partners", "Partnership").objects.create(name="Old", slug="old")
    plan = apps.get_model("plans", "Plan").objects.create(
        partnership=partnership,
        title="Plan",
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2025, 3, 31),
    )
    report = apps.get_model("reports", "ScrutinyReport").objects.create(
        partnership=partnership,
        plan=plan,
        created_by=user,
        committee="Panel",
        meeting_date=datetime.date(2025, 1, 20),
        title="Old report",
        wards_affected="All",
        priorities_next_year="Keep going.",
        **TEXTS,
    )
    try:
        apps = migrate(AFTER)
        sections = list(apps.get_model("reports", "ReportSection").objects.filter(report_id=report.pk))
        assert [s.title for s in sections] == [
            "Purpose of the report and summary",
            "Key issues",
            "Recommendations",
            "Background",
            "Performance updates per priority",
        ]
        assert sections[0].body == "<p>Why we report.</p><p>A second paragraph.</p>"
        assert sections[1].body == "<ul><li>Burglary is up</li><li>ASB is down</li></ul>"
        assert sections[2].body == "<p>That the panel notes &lt;this&gt; &amp; that.</p>"
        assert [s.shows_partners for s in sections] == [False, False, False, True, False]
        migrated = apps.get_model("reports", "ScrutinyReport").objects.get(pk=report.pk)
        assert migrated.priorities_next_year == "<p>Keep going.</p>"

        apps = migrate(BEFORE)
        restored = apps.get_model("reports", "ScrutinyReport").objects.get(pk=report.pk)
        assert {field: getattr(restored, field) for field in TEXTS} == TEXTS
        assert restored.priorities_next_year == "Keep going."
    finally:
        migrate_to_latest()
