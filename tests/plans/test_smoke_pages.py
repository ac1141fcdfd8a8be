import pytest
from django.urls import reverse


@pytest.mark.parametrize("username", ["coordinator", "lead", "viewer"])
def test_main_pages_render_for_members(client, world, username):
    client.force_login(world.users[username])
    slug, plan = world.partnership.slug, world.plan
    for url in [
        reverse("home"),
        reverse("partnership_detail", args=[slug]),
        reverse("plan_detail", args=[slug, plan.pk]),
        reverse("action_detail", args=[slug, plan.pk, world.action.pk]),
    ]:
        assert client.get(url).status_code == 200, url
