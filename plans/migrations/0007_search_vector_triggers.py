"""On PostgreSQL: triggers that keep the search vectors current, a backfill and GIN indexes
(plans/search_vectors.py). Nothing happens on SQLite. Reversible."""

from django.db import migrations

from plans.search_vectors import install, uninstall


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_search_vectors_and_indexes")]

    operations = [migrations.RunPython(install, uninstall)]
