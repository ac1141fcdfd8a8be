"""Recording indicator values in a form and by CSV upload: per-row errors, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from indicators.services import CsvRejected, indicator_values_import
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory


@pytest.fixture
def indicator(world):
    return IndicatorFactory(partnership=world.partnership, name="ASB incidents")


def test_import_creates_values_with_period_labels(indicator):
    content = b"period,area,value,note\nQ1 2024/25,Marshfield,112,\n2024-08-01,Marshfield,98,summer\n"
    result = indicator_values_import(indicator=indicator, content=content)
    assert (result.created, result.updated) == (2, 0)
    values = list(indicator.values.values_list("period_start", "period_label", "area", "value", "note"))
    assert values == [
        (datetime.date(2024, 4, 1), "Q1 2024/25", "Marshfield", Decimal("112.00"), ""),
        (datetime.date(2024, 7, 1), "Q2 2024/25", "Marshfield", Decimal("98.00"), "summer"),
    ]


def test_import_replaces_a_value_for_the_same_period_and_area(indicator):
    IndicatorValueFactory(indicator=indicator, period_start=datetime.date(2024, 4, 1), area="Marshfield")
    result = indicator_values_import(
        indicator=indicator, content=b"period,area,value\nQ1 2024/25,marshfield,5\n"
    )
    assert (result.created, result.updated) == (0, 1)
    assert indicator.values.get().value == Decimal(5)


def test_import_reports_every_bad_row_with_its_column_and_writes_nothing(indicator):
    content = (
        b"period,area,value\n"
        b"Q1 2024/25,Marshfield,112\n"
        b"spring,Marshfield,10\n"
        b"Q2 2024/25,Saltmarsh,lots\n"
        b"Q1 2024/25,Marshfield,7\n"
        b"Q3 2024/25,Cotterell,\n"
    )
    with pytest.raises(CsvRejected) as rejected:
        indicator_values_import(indicator=indicator, content=content)
    found = [(e.row, e.column) for e in rejected.value.errors]
    assert found == [(3, "period"), (4, "value"), (5, "period"), (6, "value")]
    assert "row 2 already gives this period for Marshfield" in str(rejected.value.errors[2])
    assert IndicatorValue.objects.count() == 0


def test_import_needs_the_period_and_value_columns(indicator):
    with pytest.raises(CsvRejected) as rejected:
        indicator_values_import(indicator=indicator, content=b"when,amount\nQ1 2024/25,3\n")
    assert str(rejected.value.errors[0]).startswith("Row 1, column period, value:")


def test_import_rejects_a_value_too_large_for_the_column_and_writes_nothing(indicator):
    content = b"period,value\nQ1 2024/25,1\nQ2 2024/25,1234567890123456\n"
    with pytest.raises(CsvRejected) as rejected:
        indicator_values_import(indicator=indicator, content=content)
    assert rejected.value.errors[0].row == 3
    assert IndicatorValue.objects.count() == 0


def test_import_reads_excel_windows_encoding(indicator):
    content = "period,area,value\nQ1 2024/25,Brindley Green – east,3\n".encode("cp1252")
    indicator_values_import(indicator=indicator, content=content)
    assert indicator.values.get().area == "Brindley Green – east"


def upload(client, world, indicator, content: bytes):
    url = reverse("indicator_values_upload", args=[world.partnership.slug, indicator.pk])
    return client.post(url, {"file": SimpleUploadedFile("values.csv", content, content_type="text/csv")})


def test_upload_page_lists_row_errors_in_the_error_summary(client, world, indicator):
    client.force_login(world.users["coordinator"])
    response = upload(client, world, indicator, b"period,value\nQ1 2024/25,abc\n")
    soup = BeautifulSoup(response.content, "html.parser")
    items = [li.get_text(" ", strip=True) for li in soup.select("[data-testid=upload-errors] li")]
    assert response.status_code == 200
    assert any(item.startswith("Row 2, column value: “abc” is not a number") for item in items)
    assert soup.title.get_text().startswith("Error: ")


def test_upload_page_imports_and_returns_to_the_indicator(client, world, indicator):
    client.force_login(world.users["coordinator"])
    response = upload(client, world, indicator, b"period,value\nQ1 2024/25,4\nQ2 2024/25,6\n")
    assert response.status_code == 302
    assert response["Location"] == reverse("indicator_detail", args=[world.partnership.slug, indicator.pk])
    assert indicator.values.count() == 2


def test_value_form_stores_the_start_of_the_period(client, world, indicator):
    client.force_login(world.users["coordinator"])
    url = reverse("indicator_value_create", args=[world.partnership.slug, indicator.pk])
    response = client.post(url, {"period": "2024-11-20", "area": "", "value": "12.5", "note": ""})
    assert response.status_code == 302
    value = indicator.values.get()
    assert (value.period_start, value.period_label, value.value) == (
        datetime.date(2024, 10, 1),
        "Q3 2024/25",
        Decimal("12.5"),
    )


def test_value_form_refuses_a_second_value_for_the_same_period_and_area(client, world, indicator):
    IndicatorValueFactory(indicator=indicator, period_start=datetime.date(2024, 4, 1), area="Cotterell")
    client.force_login(world.users["coordinator"])
    url = reverse("indicator_value_create", args=[world.partnership.slug, indicator.pk])
    response = client.post(url, {"period": "Q1 2024/25", "area": "cotterell", "value": "1"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert "already recorded" in soup.select_one(".govuk-error-summary").get_text()
    assert indicator.values.count() == 1


def test_value_form_names_an_unreadable_period(client, world, indicator):
    client.force_login(world.users["coordinator"])
    url = reverse("indicator_value_create", args=[world.partnership.slug, indicator.pk])
    response = client.post(url, {"period": "last spring", "value": "1"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert "is not a quarter" in soup.select_one(".govuk-error-summary").get_text()


def test_value_edit_changes_the_value(client, world, indicator):
    value = IndicatorValueFactory(indicator=indicator)
    client.force_login(world.users["coordinator"])
    url = reverse("indicator_value_update", args=[world.partnership.slug, indicator.pk, value.pk])
    assert client.post(url, {"period": "Q1 2024/25", "value": "99"}).status_code == 302
    value.refresh_from_db()
    assert value.value == Decimal(99)


def test_indicator_form_creates_an_indicator_of_a_theme(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("indicator_create", args=[world.partnership.slug])
    data = {
        "name": "KSI casualties",
        "theme": world.action.theme_id,
        "unit": "casualties",
        "direction": "lower",
        "period_kind": "year",
        "baseline_value": "51",
        "baseline_period": "2023/24",
        "target_value": "43",
    }
    assert client.post(url, data).status_code == 302
    indicator = Indicator.objects.get(name="KSI casualties")
    assert (indicator.partnership, indicator.theme_id) == (world.partnership, world.action.theme_id)


def test_indicator_form_refuses_a_theme_of_another_partnership(client, world):
    client.force_login(world.users["coordinator"])
    other_theme = world.other_plan.themes.get()
    url = reverse("indicator_create", args=[world.partnership.slug])
    data = {"name": "X", "theme": other_theme.pk, "direction": "lower", "period_kind": "year"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Indicator.objects.exists()


def test_indicator_form_needs_a_baseline_period_with_a_baseline(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("indicator_create", args=[world.partnership.slug])
    data = {"name": "X", "direction": "lower", "period_kind": "year", "baseline_value": "5"}
    soup = BeautifulSoup(client.post(url, data).content, "html.parser")
    assert "Say which period the baseline is from" in soup.select_one(".govuk-error-summary").get_text()
