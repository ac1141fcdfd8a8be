from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public progress pages"

    def demo_extend(self) -> list[str]:
        """Called by `load_demo` after the demo is built: publish its live plans."""
        from public.demo import publish_demo

        return publish_demo()
