"""Spreadsheet cells that cannot run: the one home of CSV/XLSX neutralisation, low enough for
every app that exports (reports, the audit log)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell starting with a formula character is prefixed with an apostrophe, so a spreadsheet
    shows it as text instead of running it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
