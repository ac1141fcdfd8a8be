"""reports 0004 turns minutes typed as plain text into rich-but-safe text, and back when reversed."""

import datetime

import pytest

from tests.reports.test_migration_sections import migrate, migrate_to_latest

BEFORE = ("reports", "0003_reports13_scrutiny_composition_meetings")
AFTER = ("reports", "0004_meeting_minutes_rich_text")


@pytest.mark.django_db(transaction=True)
def test_plain_minutes_become_paragraphs_and_come_back():
    apps = migrate(BEFORE)
    partnership = apps.get_model("partners", "Partnership").objects.create(name="Old", slug="old")
    meeting = apps.get_model("partners", "Meeting").objects.create(
        partnership=partnership, date=datetime.date(2025, 1, 20), title="Board"
    )
    AgendaItem = apps.get_model("reports", "AgendaItem")
    plain = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Minutes", minutes="Agreed <as> a true record.\n\n- Carry actions"
    )
    hostile = AgendaItem.objects.create(
        meeting=meeting, position=2, title="AOB", minutes="<p>None.</p><script>alert(1)</script>"
    )
    empty = AgendaItem.objects.create(meeting=meeting, position=3, title="Close")
    try:
        apps = migrate(AFTER)
        AgendaItem = apps.get_model("reports", "AgendaItem")
        assert AgendaItem.objects.get(pk=plain.pk).minutes == (
            "<p>Agreed &lt;as&gt; a true record.</p><ul><li>Carry actions</li></ul>"
        )
        # printed escaped before, so still read as the characters typed, never run
        assert AgendaItem.objects.get(pk=hostile.pk).minutes == (
            "<p>&lt;p&gt;None.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        )
        assert AgendaItem.objects.get(pk=empty.pk).minutes == ""

        apps = migrate(BEFORE)
        restored = apps.get_model("reports", "AgendaItem").objects.get(pk=plain.pk)
        assert restored.minutes == "Agreed <as> a true record.\n- Carry actions"
    finally:
        migrate_to_latest()
