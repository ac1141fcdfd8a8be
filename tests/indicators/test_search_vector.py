"""On PostgreSQL, search reads a stored, indexed search vector that the database keeps current
on every insert and edit (plans/search_vectors.py); SQLite keeps its word-by-word match."""

import pytest
from django.db import connection

from plans.models import ProgressUpdate
from tests import factories

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="tsvector is PostgreSQL's")


def test_a_new_update_is_searchable_at_once(world):
    update = factories.ProgressUpdateFactory(row=world.row_a, narrative="Lanterns installed by volunteers")
    assert ProgressUpdate.objects.filter(pk=update.pk, search_vector="lantern").exists()


def test_an_edited_narrative_replaces_the_old_words(world):
    update = factories.ProgressUpdateFactory(row=world.row_a, narrative="Lanterns installed")
    update.narrative = "Benches painted"
    update.save()
    assert ProgressUpdate.objects.filter(pk=update.pk, search_vector="bench").exists()
    assert not ProgressUpdate.objects.filter(pk=update.pk, search_vector="lantern").exists()


def test_a_bulk_update_keeps_the_vector_current(world):
    factories.ProgressUpdateFactory(row=world.row_a, narrative="Lanterns installed")
    ProgressUpdate.objects.filter(row=world.row_a).update(risk="Flooding of the underpass")
    assert ProgressUpdate.objects.filter(row=world.row_a, search_vector="underpass").exists()


def test_an_actions_title_is_searchable_after_an_edit(world):
    world.action.title = "Reduce speeding near schools"
    world.action.save()
    assert world.action.__class__.objects.filter(pk=world.action.pk, search_vector="speed").exists()
