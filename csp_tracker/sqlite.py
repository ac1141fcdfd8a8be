"""SQLite settings for several people at once (read by settings.py and by the tests).

WAL lets readers carry on beside a writer; the busy timeout waits for the lock instead of failing
at once; IMMEDIATE takes the write lock when a transaction starts, so two writers that both read
first queue up instead of deadlocking when each tries to upgrade its read lock.
"""

SQLITE_OPTIONS: dict[str, str] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    "transaction_mode": "IMMEDIATE",
}
