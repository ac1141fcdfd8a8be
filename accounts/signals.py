"""Audit events for signing in and for changes to who may sign in, written where Django, axes
and the models announce them (so the admin's changes are recorded as well as the app's)."""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import session_policy
from accounts.services import sessions_end
from accounts.two_factor import has_device
from audit.models import AuditEvent
from audit.services import event_record
from partners.models import Membership

logger = logging.getLogger("csp.accounts")


@receiver(user_logged_in, dispatch_uid="accounts_logged_in")
def on_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        session_policy.session_start(request, user)
    event_record(kind=AuditEvent.Kind.LOGIN, actor=user)
    logger.info("login")


@receiver(user_logged_out, dispatch_uid="accounts_logged_out")
def on_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        event_record(kind=AuditEvent.Kind.LOGOUT, actor=user)


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # `credentials` has the password already masked by Django; only the username is kept.
    username = str(credentials.get("username", ""))
    event_record(kind=AuditEvent.Kind.LOGIN_FAILED, actor_name=username)
    logger.warning("login_failed", extra={"username": username[:150]})


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    reason = getattr(request, "lockout_reason", "")  # which limit was reached (accounts/lockout.py)
    event_record(
        kind=AuditEvent.Kind.LOCKOUT,
        actor_name=str(username or ""),
        detail=f"address {ip_address}" + (f": {reason}" if reason else ""),
    )
    logger.warning("lockout", extra={"username": str(username or "")[:150]})


@receiver(pre_save, sender=Membership, dispatch_uid="accounts_membership_before")
def remember_membership(sender, instance: Membership, **kwargs) -> None:
    before = (
        Membership.objects.filter(pk=instance.pk).values("role", "can_see_dhr").first()
        if instance.pk
        else None
    )
    instance._audit_before = before  # type: ignore[attr-defined]


@receiver(post_save, sender=Membership, dispatch_uid="accounts_membership_saved")
def on_membership_saved(sender, instance: Membership, created: bool, **kwargs) -> None:
    before = getattr(instance, "_audit_before", None)
    now = {"role": instance.role, "can_see_dhr": instance.can_see_dhr}
    if before == now:
        return
    grant = "with DHR access" if instance.can_see_dhr else "without DHR access"
    was = "" if before is None else f" (was {before['role']}{', DHR' if before['can_see_dhr'] else ''})"
    event_record(
        kind=AuditEvent.Kind.ROLE_CHANGED,
        partnership_id=instance.partnership_id,
        obj=instance,
        object_repr=str(instance.user),
        detail=f"{instance.role} {grant}{was}",
    )
    needs = instance.role == Membership.Role.COORDINATOR or instance.can_see_dhr
    needed = before is not None and (before["role"] == Membership.Role.COORDINATOR or before["can_see_dhr"])
    if settings.TWO_FACTOR_REQUIRED and needs and not needed and not has_device(instance.user):
        # The new role needs a second factor: the person sets one up when they log in again.
        sessions_end(user_id=instance.user_id)


@receiver(post_delete, sender=Membership, dispatch_uid="accounts_membership_deleted")
def on_membership_deleted(sender, instance: Membership, **kwargs) -> None:
    event_record(
        kind=AuditEvent.Kind.MEMBERSHIP_REMOVED,
        partnership_id=instance.partnership_id,
        obj=instance,
        object_repr=str(instance.user_id and User.objects.filter(pk=instance.user_id).first() or ""),
        detail=f"was {instance.role}",
    )
    sessions_end(user_id=instance.user_id)


@receiver(pre_save, sender=User, dispatch_uid="accounts_user_before")
def remember_active(sender, instance: User, **kwargs) -> None:
    was = (
        User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
        if instance.pk
        else None
    )
    instance._was_active = was  # type: ignore[attr-defined]


@receiver(post_save, sender=User, dispatch_uid="accounts_user_saved")
def on_user_saved(sender, instance: User, **kwargs) -> None:
    if getattr(instance, "_was_active", None) and not instance.is_active:
        event_record(kind=AuditEvent.Kind.USER_DEACTIVATED, obj=instance, object_repr=instance.get_username())
        sessions_end(user_id=instance.pk)


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="accounts_totp_deleted")
def on_totp_deleted(sender, instance: TOTPDevice, **kwargs) -> None:
    """A working authenticator app removed: by its owner (turning off or replacing it) or by an
    administrator resetting a lost phone in the admin."""
    if instance.confirmed:
        event_record(
            kind=AuditEvent.Kind.TWO_FACTOR_REMOVED,
            obj=instance,
            object_repr=f"{instance.name} of {User.objects.filter(pk=instance.user_id).first() or '?'}",
        )
