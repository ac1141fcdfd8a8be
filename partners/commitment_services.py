"""Writes to partners' resource commitments."""

from collections.abc import Iterable

from django.db import transaction

from partners.models import Organisation, ResourceCommitment


@transaction.atomic
def commitment_save(
    *,
    organisation: Organisation,
    description: str,
    status: str,
    status_note: str = "",
    plan=None,
    actions: Iterable = (),
    commitment: ResourceCommitment | None = None,
) -> ResourceCommitment:
    """Create a commitment of `organisation`, or change `commitment` (its status included)."""
    commitment = commitment or ResourceCommitment(organisation=organisation)
    commitment.organisation = organisation
    commitment.partnership_id = organisation.partnership_id
    commitment.description, commitment.status, commitment.status_note = description, status, status_note
    commitment.plan = plan
    commitment.full_clean()
    commitment.save()
    actions = list(actions)
    if any(action.plan.partnership_id != organisation.partnership_id for action in actions):
        raise ValueError("A commitment links only to its own partnership's actions.")
    commitment.actions.set(actions)
    return commitment
