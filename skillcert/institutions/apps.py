from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class InstitutionsConfig(AppConfig):
    name = "skillcert.institutions"
    label = "institutions"
    verbose_name = gettext_lazy("评价机构")

    def ready(self) -> None:
        from skillcert.institutions import providers  # noqa: F401 - registers the workbench tiles
