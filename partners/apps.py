from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partnerships and people"

    def ready(self) -> None:
        # The audit log sits below this app; it learns people's organisations from here.
        from audit import services as audit_services
        from partners.audit import organisation_name

        audit_services.organisation_of = organisation_name
