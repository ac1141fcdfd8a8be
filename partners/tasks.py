"""Background tasks of the partners app (run by `manage.py db_worker`): invitations, sent by the
worker so a slow or absent mail server never holds up the coordinator's page."""

from django.contrib.auth.models import User
from django.tasks import task

from csp_tracker.retry import retry_later
from partners.invitations import send_invite
from partners.models import Partnership


@task
def send_invite_task(user_id: int, partnership_id: int, attempt: int = 1) -> None:
    user = User.objects.get(pk=user_id)
    partnership = Partnership.objects.get(pk=partnership_id)
    try:
        send_invite(user=user, partnership=partnership)
    except OSError:  # smtplib's errors, refused connections and time-outs are all OSErrors
        if not retry_later(send_invite_task, user_id, partnership_id, attempt=attempt):
            raise
