"""Lockout after repeated failed logins, with a limit of its own for each way failures are counted.

django-axes counts failures per group of `AXES_LOCKOUT_PARAMETERS` and locks out when the worst
group reaches its one `AXES_FAILURE_LIMIT`. Its maintainers' advice for different limits per group
is a handler of one's own (jazzband/django-axes#661); this is it, on top of axes' database handler,
so axes still records the attempts, sends `user_locked_out` once per lockout (the audit event,
`accounts/signals.py`) and shows the locked-out page.

The groups and their limits, each within the cool-off hour:
- one username from one address: `AXES_FAILURE_LIMIT` (10): a person mistyping, or guessing;
- one address across usernames: `LOGIN_FAILURES_PER_IP` (50): one password tried on many
  accounts, set higher because an office behind one NAT address shares it;
- one username across addresses: `LOGIN_FAILURES_PER_USERNAME` (20): one account guessed from
  many addresses. This lets anyone who knows a username lock it for the hour, so it is set
  higher than the first.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

# Which limit each group has, and how the audit event names it.
GROUPS = {
    ("ip_address", "username"): ("AXES_FAILURE_LIMIT", "for this username from this address"),
    ("ip_address",): ("LOGIN_FAILURES_PER_IP", "from this address across usernames"),
    ("username",): ("LOGIN_FAILURES_PER_USERNAME", "for this username across addresses"),
}


def _group(parameters: str | list[str]) -> tuple[str, ...]:
    return tuple(sorted([parameters] if isinstance(parameters, str) else parameters))


def group_limit(parameters: str | list[str], request: HttpRequest, credentials: dict | None) -> int:
    setting, _ = GROUPS[_group(parameters)]
    if setting == "AXES_FAILURE_LIMIT":
        return get_failure_limit(request, credentials)
    return getattr(settings, setting)


class PerGroupLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures that count, in units of `AXES_FAILURE_LIMIT`: each group's count scaled by
        that limit over the group's own, so axes' one comparison (failures >= AXES_FAILURE_LIMIT)
        holds exactly when some group has reached its own limit. Notes that group on the request
        (`lockout_reason`) for the audit event."""
        base = get_failure_limit(request, credentials)
        has_username = bool(get_client_username(request, credentials))
        worst = 0
        groups = get_lockout_parameters(request, credentials)
        for parameters, attempts in zip(groups, self.get_user_attempts(request, credentials), strict=True):
            if "username" in _group(parameters) and not has_username:
                continue  # no username typed: never one shared count for everybody
            limit = group_limit(parameters, request, credentials)
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled = count * base // limit
            if scaled >= base and not hasattr(request, "lockout_reason"):
                request.lockout_reason = f"{limit} failed logins {GROUPS[_group(parameters)][1]}"  # type: ignore[attr-defined]
            worst = max(worst, scaled)
        return worst
