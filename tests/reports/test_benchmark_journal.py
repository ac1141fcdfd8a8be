"""The load benchmark's data check: a lost draft or a duplicated submission is reported."""

import json

from plans.models import ProgressUpdate
from reports.load.setup import journal_check
from tests import factories


def test_the_check_finds_a_lost_draft_and_a_duplicated_submission(world, tmp_path):
    factories.ProgressUpdateFactory(row=world.row_a, narrative="sent", status=ProgressUpdate.Status.SUBMITTED)
    factories.ProgressUpdateFactory(row=world.row_b, narrative="sent", status=ProgressUpdate.Status.ACCEPTED)
    journal = tmp_path / "journal.jsonl"
    journal.write_text(
        "\n".join(
            json.dumps(entry)
            for entry in [
                {"row": world.row_a.pk, "kind": "submit", "text": "sent"},
                {"row": world.row_b.pk, "kind": "draft", "text": "never stored"},
            ]
        )
    )
    check = journal_check(journal=journal)
    assert (check.submitted, check.drafts_checked) == (1, 1)
    assert len(check.problems) == 2


def test_a_save_cut_off_by_the_end_of_the_run_is_not_a_lost_draft(world, tmp_path):
    factories.ProgressUpdateFactory(row=world.row_a, narrative="second", status=ProgressUpdate.Status.DRAFT)
    journal = tmp_path / "journal.jsonl"
    entries = [
        {"row": world.row_a.pk, "kind": "draft-sent", "text": "first"},
        {"row": world.row_a.pk, "kind": "draft", "text": "first"},
        {"row": world.row_a.pk, "kind": "draft-sent", "text": "second"},  # never answered
    ]
    journal.write_text("\n".join(json.dumps(entry) for entry in entries))
    assert journal_check(journal=journal).problems == []
