from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PersonnelConfig(AppConfig):
    name = "skillcert.personnel"
    label = "personnel"
    verbose_name = gettext_lazy("考评与督导人员")

    def ready(self) -> None:
        from skillcert.personnel import providers  # noqa: F401 - registers the workbench tiles
