"""The delivery plan PDF on the small `world` plan: RAG in words, no outside fetching, permissions."""

import socket

import pytest
from django.core.exceptions import PermissionDenied

from reports.pdf import html_to_pdf
from reports.renderers import delivery_plan_report, render_delivery_plan
from tests.reports.conftest import pdf_text


def test_rag_cells_say_the_status_in_words(world):
    update = world.row_a.updates.create(
        period_year=2026,
        period_quarter=1,
        update_date="2026-06-30",
        author_name="Lena",
        narrative="On track.",
        rag=world.rag("green"),
        status="accepted",
    )
    world.row_a.current_update = update
    world.row_a.save()
    text = pdf_text(delivery_plan_report(plan=world.plan).content)
    assert "On track." in text
    assert world.rag("green").label in text


def test_an_outside_address_in_content_is_never_fetched(world, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the renderer tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    world.row_a.description = (
        'Leaflets <img src="https://tracker.example/pixel.png"> see https://tracker.example/'
    )
    world.row_a.save()
    text = pdf_text(delivery_plan_report(plan=world.plan).content)
    assert "https://tracker.example/" in text


def test_fetcher_refuses_an_outside_image_and_still_renders(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the renderer tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    html = (
        '<html lang="en-GB"><title>T</title><p>Body</p>'
        '<img src="https://tracker.example/a.png" alt="x"></html>'
    )
    result = html_to_pdf(html)
    assert result.refused_urls == ["https://tracker.example/a.png"]
    assert "Body" in pdf_text(result.content)


def test_fetcher_serves_our_own_stylesheet():
    result = html_to_pdf(
        '<html lang="en-GB"><link rel="stylesheet" href="/static/reports/css/print.css"><p>x</p></html>'
    )
    assert result.refused_urls == []


def test_renderer_returns_filename_type_and_bytes(world):
    filename, content_type, content = render_delivery_plan(plan=world.plan, user=world.users["viewer"])
    assert filename.endswith(".pdf") and filename.startswith("home-delivery-plan-")
    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF")


def test_someone_outside_the_partnership_may_not_render_it(world):
    with pytest.raises(PermissionDenied):
        render_delivery_plan(plan=world.plan, user=world.users["outsider"])


def test_a_copy_without_restricted_content_carries_no_audience_line(world):
    text = pdf_text(delivery_plan_report(plan=world.plan).content)
    assert "Prepared for" not in text and "restricted" not in text


def test_a_cleared_readers_copy_says_it_includes_restricted_information(world):
    world.users["coordinator"].memberships.update(can_see_dhr=True)
    text = pdf_text(delivery_plan_report(plan=world.plan, user=world.users["coordinator"]).content)
    assert "Includes restricted DHR information" in text


def test_queries_do_not_grow_with_the_plan(world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    with CaptureQueriesContext(connection) as small:
        delivery_plan_report(plan=world.plan)
    for n in range(5):
        action = factories.ActionFactory(plan=world.plan, theme=world.action.theme, reference=f"1.{n + 2}")
        row = factories.ProjectRowFactory(action=action, description=f"Extra {n}")
        row.lead_people.add(world.lead_person)
    with CaptureQueriesContext(connection) as large:
        delivery_plan_report(plan=world.plan)
    assert len(large) == len(small)
