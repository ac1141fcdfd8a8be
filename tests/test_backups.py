"""`manage.py backup` and `manage.py restore`: a populated database and its stored files make a
round trip (counts of every model and a sample of records compared), on SQLite and PostgreSQL."""

import datetime
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from csp_tracker.backups import record_counts
from partners.models import Person
from plans import services
from plans.models import Action, Plan, ProgressUpdate
from reports.models import ReportFile


@pytest.fixture
def populated(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    update_round = services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2026, 1, 14),
        opened_by=world.users["coordinator"],
    )
    services.update_save(
        row=world.row_a,
        update_round=update_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="Forty referrals — “quoted” ✓", rag=world.rag("green")),
        expected_state="new",
        submit=True,
    )
    report = ReportFile(
        partnership=world.partnership,
        plan=world.plan,
        kind=ReportFile.Kind.DELIVERY_PLAN,
        requested_by=world.users["coordinator"],
        status=ReportFile.Status.DONE,
        filename="delivery-plan.pdf",
    )
    report.file.save("delivery-plan.pdf", ContentFile(b"%PDF-1.7 the generated file"), save=True)
    return report


def sample() -> dict:
    return {
        "plans": list(Plan.objects.order_by("pk").values("pk", "title", "start_date", "partnership_id")),
        "actions": list(Action.objects.order_by("pk").values("pk", "reference", "title")),
        "updates": list(ProgressUpdate.objects.order_by("pk").values("pk", "narrative", "status", "rag_id")),
        "people": list(Person.objects.order_by("pk").values("pk", "name", "email", "user_id")),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_the_database_and_files(populated, tmp_path, capsys):
    archive = tmp_path / "backup.tar.gz"
    counts, records = record_counts(), sample()
    call_command("backup", output=archive)
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("Backed up ")
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    assert "manifest.json" in names and ({"database.dump", "database.sqlite3"} & names)
    assert f"media/{populated.file.name}" in names

    # Everything changes after the backup: records deleted, edited and added, a file lost.
    stored = populated.file.path
    Plan.objects.update(title="Changed after the backup")
    ProgressUpdate.objects.all().delete()
    Person.objects.filter(name="Sam Second").delete()
    plan = populated.plan  # the world's plan, by name: "first" sorts titles by the database's collation
    Action.objects.create(plan=plan, theme=plan.themes.first(), reference="99.99", title="New")
    populated.file.delete(save=False)

    call_command("restore", archive, yes=True)
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("Restored ")
    assert record_counts() == counts
    assert sample() == records
    with open(stored, "rb") as restored:
        assert restored.read() == b"%PDF-1.7 the generated file"


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="is not a CSP Tracker backup"):
        call_command("restore", junk, yes=True)


def test_restore_names_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", tmp_path / "missing.tar.gz", yes=True)
