from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ItembankConfig(AppConfig):
    name = "skillcert.itembank"
    label = "itembank"
    verbose_name = gettext_lazy("题库")

    def ready(self) -> None:
        from skillcert.itembank import tasks  # noqa: F401 - registers the periodic submission of expired sittings
