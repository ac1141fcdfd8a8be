"""compose.yaml and docs/deployment.md stay in step with the settings."""

import ipaddress
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
SETTINGS = (ROOT / "csp_tracker" / "settings.py").read_text()
DEPLOYMENT = (ROOT / "docs" / "deployment.md").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())


def settings_variables() -> set[str]:
    """Every variable the settings read (DATABASE_URL through dj_database_url.config())."""
    return {"DATABASE_URL"} | set(
        re.findall(r"""(?:environ(?:\.get)?[\[(]|env_(?:bool|list)\()\s*["']([A-Z0-9_]+)["']""", SETTINGS)
    )


def test_compose_sets_only_variables_the_settings_read():
    environment = COMPOSE["x-app"]["environment"]
    assert set(environment) <= settings_variables(), set(environment) - settings_variables()


def test_compose_starts_postgres_two_app_servers_a_worker_and_a_proxy():
    services = COMPOSE["services"]
    assert {"db", "web1", "web2", "worker", "proxy"} <= set(services)
    assert "gunicorn" in services["web2"]["command"]
    assert "db_worker" in services["worker"]["command"]


def test_every_scale_out_setting_is_documented():
    scale_out = {
        *("DATABASE_REPLICA_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "SESSION_BACKEND", "S3_BUCKET"),
        *("S3_ENDPOINT_URL", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_URL_SECONDS"),
    }
    assert scale_out <= settings_variables()
    missing = {name for name in scale_out if f"`{name}" not in DEPLOYMENT}
    assert not missing


def test_compose_trusts_the_forwarded_address_of_its_own_proxy_alone():
    trusted = COMPOSE["x-app"]["environment"]["TRUSTED_PROXIES"]
    proxy = COMPOSE["services"]["proxy"]["networks"]["default"]["ipv4_address"]
    subnet = COMPOSE["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert trusted == proxy
    assert ipaddress.ip_address(proxy) in ipaddress.ip_network(subnet)
    dynamic = ipaddress.ip_network(COMPOSE["networks"]["default"]["ipam"]["config"][0]["ip_range"])
    assert ipaddress.ip_address(proxy) not in dynamic  # no other service is given its address
