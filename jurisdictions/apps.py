from django.apps import AppConfig


class JurisdictionsConfig(AppConfig):
    name = "jurisdictions"

    def ready(self) -> None:
        from . import audit

        audit.connect()
