"""Each event writes exactly one audit record, with who, where from and what."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from api.services import token_authenticate, token_create
from audit.models import AuditEvent
from audit.services import event_record
from dhr.models import ReadLog
from dhr.services import read_record, reads_record
from partners.models import Membership
from partners.services import membership_grant
from plans.importing.services import plan_import, plan_import_parse
from tests.accounts.helpers import code_for, confirmed_device
from tests.factories import PASSWORD

Kind = AuditEvent.Kind


@pytest.fixture(autouse=True)
def since(world):
    """Only the events a test causes count (building the world gives roles, for one)."""
    global START
    START = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


START = 0


def events(kind: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind, pk__gt=START))


def only(kind: str) -> AuditEvent:
    found = events(kind)
    assert len(found) == 1, found
    return found[0]


def test_a_login_writes_one_event_with_the_address_and_organisation(client, world):
    response = client.post(reverse("login"), {"username": "lead", "password": PASSWORD})
    assert response.status_code == 302
    event = only(Kind.LOGIN)
    assert event.actor_id == world.users["lead"].pk
    assert event.actor_name == "lead"
    assert event.ip_address == "127.0.0.1"
    assert event.organisation == "Testshire Police"
    assert event.request_id == response["X-Request-ID"]
    assert event.occurred_at.tzinfo is not None and event.occurred_at.utcoffset() == datetime.timedelta(0)


def test_a_failed_login_writes_one_event_without_the_password(client, world):
    client.post(reverse("login"), {"username": "lead", "password": "wrong-password-typed"})
    event = only(Kind.LOGIN_FAILED)
    assert event.actor_id is None and event.actor_name == "lead"
    assert "wrong-password-typed" not in repr(AuditEvent.objects.values_list())


def test_the_lockout_and_each_attempt_refused_during_it_write_one_event_each(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": "lead", "password": "nope-nope-nope"})
    assert len(events(Kind.LOCKOUT)) == 1  # the second failure locks
    client.post(reverse("login"), {"username": "lead", "password": PASSWORD})
    assert len(events(Kind.LOCKOUT)) == 2  # refused, even with the right password
    assert not events(Kind.LOGIN)


def test_a_password_reset_request_writes_one_event_known_address_or_not(client, world):
    client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert only(Kind.PASSWORD_RESET).actor_name == "nobody@example.org"


def test_a_logout_writes_one_event(client, world):
    client.force_login(world.users["viewer"])
    client.post(reverse("logout"))
    assert only(Kind.LOGOUT).actor_name == "viewer"


def test_two_factor_set_up_codes_and_removal_each_write_one_event(world):
    viewer = world.users["viewer"]
    device = viewer.totpdevice_set.create(name="Authenticator app", confirmed=False)
    account_services.totp_confirm(device=device, code=code_for(device))
    assert only(Kind.TWO_FACTOR_ADDED).actor_id == viewer.pk
    assert len(events(Kind.RECOVERY_CODES)) == 0  # the first codes come with the set-up
    account_services.recovery_codes_replace(user=viewer)
    assert len(events(Kind.RECOVERY_CODES)) == 1
    account_services.two_factor_remove(user=viewer)
    assert len(events(Kind.TWO_FACTOR_REMOVED)) == 1


def test_replacing_the_app_writes_one_added_and_one_removed_event(world):
    viewer = world.users["viewer"]
    confirmed_device(viewer)
    new = viewer.totpdevice_set.create(name="Authenticator app", confirmed=False)
    account_services.totp_confirm(device=new, code=code_for(new))
    assert (len(events(Kind.TWO_FACTOR_ADDED)), len(events(Kind.TWO_FACTOR_REMOVED))) == (1, 1)


def test_an_administrator_resetting_a_device_in_the_admin_writes_one_event(client, world):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("admin", "a@example.org", PASSWORD)
    client.force_login(admin)
    session = client.session
    session.pop("csp_two_factor", None)
    session.save()
    device = confirmed_device(world.users["lead"])
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302
    event = only(Kind.TWO_FACTOR_REMOVED)
    assert (event.actor_name, event.object_repr) == ("admin", "Authenticator app of lead")


def test_a_wrong_code_at_login_writes_one_event(client, world):
    viewer = world.users["viewer"]
    confirmed_device(viewer)
    client.force_login(viewer)
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert only(Kind.TWO_FACTOR_FAILED).actor_id == viewer.pk


def test_giving_or_changing_a_role_writes_one_event_and_an_unchanged_save_none(world):
    coordinator = world.users["coordinator"]
    membership_grant(person=world.lead_person, role=Membership.Role.COORDINATOR, granted_by=coordinator)
    event = only(Kind.ROLE_CHANGED)
    assert event.partnership_id == world.partnership.pk
    assert event.detail == "coordinator without DHR access (was lead_officer)"
    Membership.objects.get(user=world.users["lead"]).save()
    assert len(events(Kind.ROLE_CHANGED)) == 1


def test_removing_a_membership_and_deactivating_a_login_each_write_one_event(world):
    Membership.objects.get(user=world.users["lead"]).delete()
    assert only(Kind.MEMBERSHIP_REMOVED).object_repr == "lead"
    viewer = world.users["viewer"]
    viewer.is_active = False
    viewer.save()
    viewer.save()
    assert only(Kind.USER_DEACTIVATED).object_id == str(viewer.pk)


def test_an_export_writes_one_download_event(client, world):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("plan_csv", args=[world.partnership.slug, world.plan.pk]))
    assert response.status_code == 200
    event = only(Kind.DOWNLOAD)
    assert event.partnership_id == world.partnership.pk
    assert event.object_repr.endswith(".csv")


def test_a_page_that_is_not_a_download_writes_none(client, world):
    client.force_login(world.users["viewer"])
    client.get(reverse("plan_detail", args=[world.partnership.slug, world.plan.pk]))
    assert not events(Kind.DOWNLOAD)


def test_a_confirmed_import_writes_one_event_and_a_preview_none(world):
    data = b"Action,Outcome\n1.1 Do a thing,Safer\n"
    parsed = plan_import_parse(
        data=data, filename="plan.csv", plan_start=datetime.date(2020, 4, 1), year_start_month=4
    )
    common = {
        "partnership": world.partnership,
        "parsed": parsed,
        "user": world.users["coordinator"],
        "title": "Imported",
        "start_date": datetime.date(2020, 4, 1),
        "end_date": datetime.date(2021, 3, 31),
        "source_name": "plan.csv",
    }
    plan_import(**common, dry_run=True)
    assert not events(Kind.IMPORT)
    result = plan_import(**common)
    event = only(Kind.IMPORT)
    assert event.object_id == str(result.plan_id) and event.object_repr == "plan.csv"


def test_each_dhr_read_writes_one_event(world):
    coordinator = world.users["coordinator"]
    read_record(
        partnership=world.partnership, user=coordinator, channel=ReadLog.Channel.PAGE, what="Review page"
    )
    assert len(events(Kind.DHR_READ)) == 1
    reads_record(
        partnership=world.partnership,
        user=coordinator,
        channel=ReadLog.Channel.EXPORT,
        what="Register",
        reviews=[],
    )
    assert len(events(Kind.DHR_READ)) == 2


def test_each_api_token_use_writes_one_event(world):
    token, raw = token_create(user=world.users["viewer"], name="Power BI", days=30)
    assert token_authenticate(raw=raw) is not None
    assert token_authenticate(raw=raw) is not None
    assert len(events(Kind.API_TOKEN_USE)) == 2
    assert token_authenticate(raw="not-a-token") is None
    assert len(events(Kind.API_TOKEN_USE)) == 2


def test_outside_a_request_an_event_has_no_address(world):
    event = event_record(kind=Kind.IMPORT, actor=world.users["coordinator"], detail="from the command line")
    assert event.ip_address is None and event.request_id == ""


def test_prune_removes_only_events_past_the_retention_period(world, settings, capsys):
    settings.AUDIT_RETENTION_DAYS = 730
    # Written as it was then (the table takes no UPDATE on PostgreSQL).
    old = AuditEvent.objects.create(
        kind=Kind.LOGIN, occurred_at=timezone.now() - datetime.timedelta(days=731)
    )
    kept = event_record(kind=Kind.LOGIN, actor=world.users["viewer"])
    call_command("audit_prune")
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    assert "audit_prune: deleted 1 event(s)" in capsys.readouterr().out.strip().splitlines()[-1]


def test_the_admin_shows_the_log_read_only(client, world):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("admin", "a@example.org", PASSWORD)
    client.force_login(admin)
    session = client.session
    session.pop("csp_two_factor", None)
    session.save()
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403


def test_reading_the_dhr_register_writes_one_event_and_its_export_one_read_and_one_download(
    client, world, settings, tmp_path
):
    from tests.dhr.conftest import build_dhr

    settings.MEDIA_ROOT = tmp_path
    build_dhr(world)
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("dhr_register", args=["home"])).status_code == 200
    assert len(events(Kind.DHR_READ)) == 1
    assert client.get(reverse("dhr_register_csv", args=["home"])).status_code == 200
    assert (len(events(Kind.DHR_READ)), len(events(Kind.DOWNLOAD))) == (2, 1)
