"""Every exported cell (CSV and XLSX) is revealed and neutralised through `csp_tracker.cells`:
bidi overrides, control and zero-width characters become visible codes, as on the web pages and
in the PDFs, and nothing a spreadsheet would run as a formula is written as one. The exports
themselves are tested in their apps' folders with `HOSTILE` and `REVEALED`."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from csp_tracker.cells import csv_cell, xlsx_append

# A right-to-left override, a bell, an escape sequence, a C1 control, and three zero-width
# characters that hide text (zero-width space, word joiner, zero-width no-break space). Stored by
# the apps' export tests, so no NUL: PostgreSQL refuses one in text (it is tested here alone).
HOSTILE = "Spent \u202e0001\u202c\x07 \x1b[31m\x85 done\u200b\u2060\ufeff"
REVEALED = "Spent [U+202E]0001[U+202C][U+0007] [U+001B][31m[U+0085] done[U+200B][U+2060][U+FEFF]"
FORMULA = '=HYPERLINK("https://evil.example","click")'


def test_a_csv_cell_shows_each_unsafe_character_as_a_code():
    assert csv_cell(HOSTILE) == REVEALED
    assert csv_cell("a\x00b") == "a[U+0000]b"


@pytest.mark.parametrize("value", [FORMULA, "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_csv_cell_that_looks_like_a_formula_gets_an_apostrophe(value):
    assert csv_cell(value) == "'" + value


def test_a_formula_hidden_behind_a_zero_width_character_is_shown_and_cannot_run():
    assert csv_cell("\u200b=1+1") == "[U+200B]=1+1"
    assert csv_cell("\x00=1+1") == "[U+0000]=1+1"


def test_a_revealed_cell_that_starts_like_a_formula_is_still_neutralised():
    assert csv_cell("=A1\u202e") == "'=A1[U+202E]"


def test_numbers_and_empty_cells_are_written_as_they_are():
    assert [csv_cell(v) for v in (-4, Decimal("-3.50"), 2.5, None)] == ["-4", "-3.50", "2.5", ""]


def test_ordinary_text_is_left_alone_joiners_and_accents_included():
    family = "Zoë’s team 👩\u200d👩\u200d👧, line one\nline two"
    assert csv_cell(family) == family


def read_back(values: list) -> list:
    workbook = Workbook()
    xlsx_append(workbook.active, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return [(c.value, c.data_type) for c in next(load_workbook(buffer).active.iter_rows())]


def test_an_xlsx_cell_is_revealed_and_text_stays_text():
    # Without revealing, openpyxl refuses the controls outright (IllegalCharacterError).
    assert read_back([HOSTILE, "a\x00b", FORMULA, "-2+3", 7]) == [
        (REVEALED, "s"),
        ("a[U+0000]b", "s"),
        (FORMULA, "s"),
        ("-2+3", "s"),
        (7, "n"),
    ]
