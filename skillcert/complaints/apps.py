from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "skillcert.complaints"
    label = "complaints"
    verbose_name = "投诉举报"

    def ready(self) -> None:
        from skillcert.complaints import providers  # noqa: F401 - registers the workbench tiles
