"""A task for the two-worker test: it takes a moment, so both workers are busy at once."""

import time

from django.tasks import task


@task
def worker_probe(n: int) -> int:
    time.sleep(0.1)
    return n
