from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "skillcert.portal"
    label = "portal"
    verbose_name = "门户"

    def ready(self) -> None:
        from skillcert.portal import providers  # noqa: F401 - registers the workbench tiles
