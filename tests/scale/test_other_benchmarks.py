"""The import and public-page benchmarks run on small data, print a figure for each thing they
time and leave nothing behind (no timing is asserted: the figures are for people to read)."""

import io
import re

from django.core.management import call_command

from plans.models import Action, Plan


def test_the_import_benchmark_times_both_imports_and_keeps_nothing(world):
    plans, actions = Plan.objects.count(), Action.objects.count()
    out = io.StringIO()
    call_command("benchmark_import", "--rows=5", "--csv-rows=12", stdout=out)
    docx, csv = out.getvalue().splitlines()[:2]
    assert re.match(r"5-row DOCX \(\d+ KB\): read [\d.]+ s .*; 2 actions, 5 rows, 10 updates$", docx)
    assert re.match(
        r"12-row CSV \(\d+ KB\): upload .* preview page [\d.]+ s .* import [\d.]+ s .*; 12 rows", csv
    )
    assert (Plan.objects.count(), Action.objects.count()) == (plans, actions)


def test_the_public_benchmark_times_the_pages_and_the_api_and_keeps_nothing(world):
    plans, actions = Plan.objects.count(), Action.objects.count()
    out = io.StringIO()
    call_command(
        "benchmark_public", "--actions=3", "--runs=2", f"--partnership={world.partnership.slug}", stdout=out
    )
    lines = out.getvalue().splitlines()
    timed = [line.split(":")[0] for line in lines[:-1]]
    assert timed == [
        *("public plan page, rendered", "public plan page, from the page cache"),
        *("public action page, rendered", "public action page, from the page cache"),
        *("public CSV, rendered", "public CSV, from the page cache", "API rows (a page of 100)"),
    ]
    rendered = dict(re.findall(r"^(.*?):.* (\d+) queries", "\n".join(lines), re.MULTILINE))
    assert int(rendered["public plan page, rendered"]) > 0  # counted, not the empty log
    assert lines[-1] == "benchmarked 7 URLs on a published plan of 3 actions, 2 runs each"
    assert (Plan.objects.count(), Action.objects.count()) == (plans, actions)
