from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ComplaintsConfig(AppConfig):
    name = "skillcert.complaints"
    label = "complaints"
    verbose_name = gettext_lazy("投诉举报")

    def ready(self) -> None:
        from skillcert.complaints import providers  # noqa: F401 - registers the workbench tiles
