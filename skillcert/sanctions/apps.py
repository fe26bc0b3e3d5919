from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SanctionsConfig(AppConfig):
    name = "skillcert.sanctions"
    label = "sanctions"
    verbose_name = gettext_lazy("机构处理与退出")

    def ready(self) -> None:
        from skillcert.sanctions import providers  # noqa: F401 - registers the workbench tiles
