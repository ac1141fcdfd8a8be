"""Ten years' figures from one CSV: values, populations and locations, all or nothing."""

import pytest

from indicators.models import Indicator, IndicatorValue, Location, Population
from indicators.services import CsvRejected
from indicators.yearly_import import yearly_figures_import

HEADER = "Indicator,Area," + ",".join(f"{y}/{(y + 1) % 100:02d}" for y in range(2015, 2025))


@pytest.fixture
def crime(world) -> Indicator:
    return Indicator.objects.create(
        partnership=world.partnership, name="Total crime", period_kind=Indicator.PeriodKind.YEAR
    )


def test_imports_values_populations_and_new_locations(world, crime):
    content = "\n".join(
        [
            HEADER,
            "Total crime,," + ",".join(str(5000 + i) for i in range(10)),
            "Total crime,Marshfield,,,,,,,,,2100,2050",
            "Population,," + ",".join(str(98000 + 500 * i) for i in range(10)),
        ]
    ).encode()
    result = yearly_figures_import(partnership=world.partnership, content=content)
    assert (result.values, result.populations, result.new_locations) == (12, 10, ["Marshfield"])
    assert crime.values.filter(area="").count() == 10
    assert crime.values.get(area="Marshfield", period_label="2024/25").value == 2050
    assert Population.objects.get(partnership=world.partnership, year=2024).population == 102500
    assert Location.objects.filter(partnership=world.partnership, name="Marshfield").exists()


def test_a_second_import_replaces_values(world, crime):
    yearly_figures_import(partnership=world.partnership, content=f"{HEADER}\nTotal crime,,1".encode())
    yearly_figures_import(partnership=world.partnership, content=f"{HEADER}\nTotal crime,,2".encode())
    assert list(crime.values.values_list("value", flat=True)) == [2]


def test_errors_name_the_row_and_column_and_nothing_is_written(world, crime):
    content = "\n".join(
        [
            HEADER,
            "Total crime,,5000,lots",
            "Burglary,,1",
            "Population,,98000.5",
        ]
    ).encode()
    with pytest.raises(CsvRejected) as rejected:
        yearly_figures_import(partnership=world.partnership, content=content)
    messages = [str(e) for e in rejected.value.errors]
    assert messages[0] == "Row 2, column 2016/17: “lots” is not a number: write one such as 1,234 or 5.6."
    assert messages[1].startswith("Row 3, column Indicator: “Burglary” is not an indicator of Home CSP")
    assert messages[2].startswith("Row 4, column 2015/16: “98000.5”: a population is a whole number")
    assert not IndicatorValue.objects.exists()
    assert not Population.objects.exists()


def test_a_bad_year_heading_is_named(world, crime):
    with pytest.raises(CsvRejected) as rejected:
        yearly_figures_import(
            partnership=world.partnership, content=b"Indicator,Area,2015/17\nTotal crime,,1"
        )
    assert str(rejected.value.errors[0]) == (
        "Row 1, column 2015/17: a year column must be headed like 2024/25 or 2024."
    )


def test_a_quarterly_indicator_is_refused(world):
    Indicator.objects.create(
        partnership=world.partnership, name="ASB", period_kind=Indicator.PeriodKind.QUARTER
    )
    with pytest.raises(CsvRejected) as rejected:
        yearly_figures_import(partnership=world.partnership, content=f"{HEADER}\nASB,,1".encode())
    assert "recorded per quarter, not per year" in str(rejected.value.errors[0])


def test_the_command_prints_a_summary(world, crime, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "figures.csv"
    path.write_text(f"{HEADER}\nTotal crime,,1,2,3\n")
    call_command("import_yearly_figures", str(path), "--partnership", "home")
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "3 yearly value(s) and 0 population figure(s) saved."
    )
