import datetime
import io
from decimal import Decimal

import pytest

from partners.models import Organisation, Person
from plans.importing.ir import ImportFailed
from plans.models import Action, ExpectedOutcome, Plan, ProgressUpdate, ProjectRow, Theme
from tests.plans.importing import corpus, files

PLAN_COUNTS = {"themes": 3, "actions": 4, "rows": 6, "people": 7, "organisations": 5, "updates": 6}


def table_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Plan, Theme, Action, ProjectRow, ProgressUpdate, Person, Organisation, ExpectedOutcome)
    }


def test_a_word_plan_imports_with_every_theme_action_and_row(world, import_file):
    result = import_file(corpus.word_numbered_headings(), "plan.docx")
    assert result.totals == PLAN_COUNTS
    plan = Plan.objects.get(pk=result.plan_id)
    assert plan.status == Plan.Status.DRAFT
    assert list(plan.themes.values_list("number", flat=True)) == ["1", "2", "3"]
    assert plan.themes.get(number="2").title == "Anti-social behaviour"
    assert plan.actions.get(reference="2.1").rows.count() == 2


def test_a_row_with_an_empty_reference_continues_the_action_above(world, import_file):
    plan = Plan.objects.get(pk=import_file(corpus.word_shading_only(), "plan.docx").plan_id)
    rows = plan.actions.get(reference="1.1").rows.order_by("position")
    assert [row.description for row in rows] == [
        "Workforce development sessions for partner staff",
        "Community awareness campaign for White Ribbon Day",
    ]


def test_two_leads_in_one_cell_become_two_people_with_their_organisations(world, import_file):
    plan = Plan.objects.get(pk=import_file(corpus.word_shading_only(), "plan.docx").plan_id)
    row = plan.actions.get(reference="2.1").rows.get(position=1)
    assert {(p.name, p.organisation.short_name) for p in row.lead_people.all()} == {
        ("Aarron Locks", "FDC"),
        ("Joe Keegan", "CCC"),
    }


def test_existing_organisations_are_reused_case_insensitively(world, import_file):
    world.council.short_name = "fdc"
    world.council.save()
    import_file(corpus.word_shading_only(), "plan.docx")
    assert Organisation.objects.filter(partnership=world.partnership, short_name__iexact="fdc").count() == 1
    assert Person.objects.get(name="Rob Mitchell").organisation == world.council


def test_a_person_written_twice_in_different_case_is_one_person(world, import_file):
    import_file(files.xlsx_bytes(files.simple_rows()), "plan.xlsx")
    assert Person.objects.filter(name__iexact="rob mitchell").count() == 1


def test_the_scrutiny_shape_with_theme_rows_and_dated_narratives(world, import_file):
    result = import_file(files.scrutiny_docx(), "appendix.docx")
    plan = Plan.objects.get(pk=result.plan_id)
    action = plan.actions.get(title__startswith="Improve awareness")
    assert action.budget == Decimal("12000")
    assert action.budget_text == "£12,000 post recruitment £2,000 cook and chat"
    assert action.due_date == datetime.date(2021, 3, 31)
    people = {(p.name, p.organisation.short_name) for row in action.rows.all() for p in row.lead_people.all()}
    assert people == {("Debbie Barker", "SBC"), ("Sarah Taylor", "CCSU"), ("Insp Simon Tabert", "Police")}


def test_numbered_expected_outcomes_keep_their_own_statuses(world, import_file):
    blue = world.partnership.rag_statuses.create(
        code="blue", label="Blue", meaning="Complete", colour="#1d70b8", position=9, is_complete=True
    )
    plan = Plan.objects.get(pk=import_file(files.scrutiny_docx(), "appendix.docx").plan_id)
    outcomes = list(ExpectedOutcome.objects.filter(action__plan=plan).order_by("number"))
    assert [(o.number, o.text) for o in outcomes] == [
        (1, "Annual workforce development session"),
        (2, "Community awareness raising"),
    ]
    assert outcomes[0].status_note == "Not started - at risk due to staff resource pressures"
    assert outcomes[1].status == blue


def test_dated_narratives_become_dated_updates_in_their_quarters(world, import_file):
    plan = Plan.objects.get(pk=import_file(files.scrutiny_docx(), "appendix.docx").plan_id)
    updates = ProgressUpdate.objects.filter(row__action__plan=plan, update_date__year=2020).order_by(
        "update_date"
    )
    assert [(u.update_date, u.period(4).label) for u in updates] == [
        (datetime.date(2020, 7, 17), "Q2 2020/21"),
        (datetime.date(2020, 10, 22), "Q3 2020/21"),
    ]
    assert all(u.status == ProgressUpdate.Status.ACCEPTED for u in updates)


def test_the_row_status_goes_on_its_latest_update_and_becomes_current(world, import_file):
    plan = Plan.objects.get(pk=import_file(files.scrutiny_docx(), "appendix.docx").plan_id)
    row = ProjectRow.objects.get(action__plan=plan, lead_people__name="Insp Simon Tabert")
    assert row.current_update.update_date == datetime.date(2021, 12, 1)
    assert row.current_rag == world.rag("amber")


def test_status_words_map_to_the_partnership_scale(world, import_file):
    plan = Plan.objects.get(pk=import_file(files.csv_bytes(files.simple_rows()), "plan.csv").plan_id)
    rags = [
        row.current_rag.code
        for row in ProjectRow.objects.filter(action__plan=plan).order_by("action__sort_key", "position")
    ]
    assert rags == ["green", "amber", "green"]  # "Complete" is green on a scale without a complete status


def test_an_xlsx_plan_imports(world, import_file):
    result = import_file(files.xlsx_bytes(files.simple_rows()), "plan.xlsx")
    assert result.totals == {
        "themes": 2,
        "actions": 2,
        "rows": 3,
        "people": 2,
        "organisations": 1,
        "updates": 3,
    }


def test_a_csv_in_windows_1252_imports_with_a_warning(world):
    from plans.importing.services import plan_import_parse

    rows = files.simple_rows()
    rows[1][5] = "£2,000 from the PCC – café"
    parsed = plan_import_parse(
        data=files.csv_bytes(rows, "cp1252"),
        filename="plan.csv",
        plan_start=datetime.date(2014, 4, 1),
        year_start_month=4,
    )
    assert parsed.actions[0].budget_text == "£2,000 from the PCC – café"
    assert "Windows-1252" in str(parsed.warnings[0])


def test_reimporting_the_same_file_into_the_same_plan_creates_no_duplicates(world, import_file):
    first = import_file(corpus.word_shading_only(), "plan.docx")
    before = table_counts()
    second = import_file(corpus.word_shading_only(), "plan.docx", plan=Plan.objects.get(pk=first.plan_id))
    assert table_counts() == before
    assert second.created == dict.fromkeys(PLAN_COUNTS, 0)
    assert second.totals == PLAN_COUNTS


def test_a_dry_run_writes_nothing_but_counts_exactly(world, import_file):
    before = table_counts()
    result = import_file(corpus.word_shading_only(), "plan.docx", dry_run=True)
    assert table_counts() == before
    assert result.totals == PLAN_COUNTS
    assert result.summary().startswith("would import new plan: 3 themes, 4 actions")


def test_an_unknown_header_is_reported_and_can_be_mapped(world):
    from plans.importing.services import plan_import_parse

    rows = files.simple_rows()
    rows[0][5] = "Money available"
    parsed = plan_import_parse(
        data=files.csv_bytes(rows), filename="p.csv", plan_start=datetime.date(2014, 4, 1), year_start_month=4
    )
    assert parsed.unknown_headers == ["Money available"]
    mapped = plan_import_parse(
        data=files.csv_bytes(rows),
        filename="p.csv",
        plan_start=datetime.date(2014, 4, 1),
        year_start_month=4,
        mapping={"Money available": "budget"},
    )
    assert mapped.actions[0].budget == Decimal("2000")


# --- hostile and broken files: a clear error, nothing written -------------------------------------


def assert_refused(import_file, data: bytes, filename: str, message: str):
    before = table_counts()
    with pytest.raises(ImportFailed, match=message):
        import_file(data, filename)
    assert table_counts() == before


def test_a_renamed_text_file_is_refused(world, import_file):
    assert_refused(import_file, b"just some text", "plan.docx", "not a Word document")


def test_an_xlsx_that_is_really_a_docx_is_refused(world, import_file):
    assert_refused(import_file, corpus.word_shading_only(), "plan.xlsx", "not an Excel workbook")


def test_a_file_over_the_size_cap_is_refused(world, import_file, settings):
    settings.PLAN_IMPORT_MAX_BYTES = 1000
    assert_refused(import_file, corpus.word_shading_only(), "plan.docx", "the limit is")


def test_a_zip_with_too_many_entries_is_refused(world, import_file, settings):
    settings.PLAN_IMPORT_MAX_ZIP_ENTRIES = 5
    parts = {f"word/part{i}.xml": b"<a/>" for i in range(10)} | {"word/document.xml": b"<a/>"}
    assert_refused(import_file, files.zip_bytes(parts), "plan.docx", "at most 5")


def test_a_zip_bomb_is_refused(world, import_file, settings):
    settings.PLAN_IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    parts = {"word/document.xml": b"<a/>", "word/media/big.bin": b"\0" * 5_000_000}
    assert_refused(import_file, files.zip_bytes(parts), "plan.docx", "unpacks to more than")


def test_xml_entity_declarations_are_refused(world, import_file):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b"<document>&lol2;</document>"
    )
    data = files.zip_bytes({"word/document.xml": laughs, "[Content_Types].xml": b"<Types/>"})
    assert_refused(import_file, data, "plan.docx", "DTD or XML entities")


def test_a_table_without_rows_is_refused(world, import_file):
    assert_refused(import_file, files.csv_bytes([files.SIMPLE_HEADER]), "plan.csv", "header but no rows")


def test_a_file_without_a_recognisable_table_is_refused(world, import_file):
    assert_refused(
        import_file, files.csv_bytes([["a", "b"], ["1", "2"]]), "plan.csv", "No table with recognised"
    )


def test_a_row_with_nothing_to_continue_names_its_row_and_column(world, import_file):
    rows = files.simple_rows()
    rows[1][0] = ""
    assert_refused(import_file, files.csv_bytes(rows), "plan.csv", "The CSV file, row 2, column “No.”")


def test_an_unsupported_file_type_is_refused(world, import_file):
    assert_refused(import_file, b"%PDF-1.4", "plan.pdf", "not a .docx, .xlsx or .csv")


def test_an_xml_part_in_utf_16_is_still_checked_for_entities(world, import_file):
    laughs = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "a">]><d>&a;</d>'.encode(
        "utf-16"
    )
    data = files.zip_bytes({"word/document.xml": laughs, "[Content_Types].xml": b"<Types/>"})
    assert_refused(import_file, data, "plan.docx", "DTD or XML entities")


def test_the_import_records_the_plan_structure_history_with_its_leads(world, import_file):
    plan = Plan.objects.get(pk=import_file(corpus.word_numbered_headings(), "plan.docx").plan_id)
    row = plan.actions.get(reference="2.1").rows.get(position=1)
    (record,) = row.history.all()
    assert (record.history_type, record.history_user) == ("+", world.users["coordinator"])
    assert {link.person.name for link in record.lead_people.all()} == {"Aarron Locks", "Joe Keegan"}
    assert {link.organisation.short_name for link in record.lead_organisations.all()} == {"FDC", "CCC"}
    assert [h.history_type for h in plan.actions.get(reference="2.1").history.all()] == ["+"]
    assert plan.themes.get(number="1").history.get().lead_agency.short_name == "Police"


def test_reimporting_a_changed_file_records_only_what_changed(world, import_file, monkeypatch):
    plan = Plan.objects.get(pk=import_file(corpus.word_numbered_headings(), "plan.docx").plan_id)
    row = plan.actions.get(reference="3.1").rows.get()
    monkeypatch.setattr(corpus.PLAN[2].actions[0].rows[0], "target", "Max 40 incidents a year")
    import_file(corpus.word_numbered_headings(), "plan.docx", plan=plan)
    row.refresh_from_db()
    assert (row.target_text, row.revision) == ("Max 40 incidents a year", 2)
    assert [h.history_type for h in row.history.all()] == ["~", "+"]
    assert {link.person.name for link in row.history.first().lead_people.all()} == {"Rob Mitchell"}
    assert plan.actions.get(reference="1.1").rows.get(position=1).history.count() == 1


def test_a_numbered_list_that_heads_no_table_names_no_theme(world, import_file):
    data = corpus.docx_bytes(
        [
            "Year highlights",
            "1. Fewer incidents of ASB",
            "2. Better reporting",
            "Action plan",
            files.simple_rows(),
        ]
    )
    plan = Plan.objects.get(pk=import_file(data, "plan.docx").plan_id)
    assert list(plan.themes.values_list("title", flat=True)) == ["Theme 1", "Theme 2"]


def test_an_excel_status_cell_shaded_but_empty_takes_the_nearest_colour(world, import_file):
    import openpyxl
    from openpyxl.styles import PatternFill

    rows = files.simple_rows()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for line, colour in ((2, "C00000"), (3, "92D050")):
        sheet.cell(row=line, column=7).value = None
        sheet.cell(row=line, column=7).fill = PatternFill("solid", fgColor=colour)
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = Plan.objects.get(pk=import_file(buffer.getvalue(), "plan.xlsx").plan_id)
    rows = ProjectRow.objects.filter(action__plan=plan).order_by("action__sort_key", "position")
    assert [row.current_rag.code for row in rows] == ["red", "green", "green"]
