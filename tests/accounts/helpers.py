"""Codes as an authenticator app would show them now, and a confirmed device for a user."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code shown now (or a step later: a code is accepted once, and one step of clock drift
    either way is allowed, so a second login within the same 30 seconds uses the next one)."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time += steps_ahead * device.step
    return f"{generator.token():0{device.digits}d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
