from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ExamsConfig(AppConfig):
    name = "skillcert.exams"
    label = "exams"
    verbose_name = gettext_lazy("考务管理")

    def ready(self) -> None:
        from skillcert.exams import (
            periodic,  # noqa: F401 - registers the nightly finalisation task
            providers,  # noqa: F401 - registers the workbench tiles
            providers_conduct,  # noqa: F401 - session and case tiles
            providers_workbench,  # noqa: F401 - examiners' and supervisors' own tasks
        )
