"""Two-factor is required by default under the production settings, and can be turned off there;
elsewhere (development, tests, the demo) it is off unless turned on."""

from tests.test_settings_deploy import GOOD_KEY, run_manage

PRODUCTION = {"DJANGO_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "csp.example.org"}
SHOW = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED, settings.SESSION_IDLE_MINUTES)"


def test_production_requires_two_factor_by_default():
    result = run_manage("shell", "-c", SHOW, **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "30"], result.stderr


def test_the_environment_sets_two_factor_and_the_idle_time():
    result = run_manage(
        "shell", "-c", SHOW, **PRODUCTION, TWO_FACTOR_REQUIRED="false", SESSION_IDLE_MINUTES="15"
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["False", "15"], result.stderr


def test_development_does_not_require_it():
    result = run_manage("shell", "-c", SHOW, DJANGO_ENV="development")
    assert result.stdout.strip().splitlines()[-1].split()[0] == "False", result.stderr
