from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ItembankConfig(AppConfig):
    name = "skillcert.itembank"
    label = "itembank"
    verbose_name = gettext_lazy("题库")

    def ready(self) -> None:
        from skillcert.itembank import (
            providers,  # noqa: F401 - the examiner's skills tasks on the workbench
            tasks,  # noqa: F401 - registers the periodic submission of expired sittings
        )
        from skillcert.itembank.services import skills  # noqa: F401 - the rubric source of skills-paper sessions
