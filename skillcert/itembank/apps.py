from django.apps import AppConfig


class ItembankConfig(AppConfig):
    name = "skillcert.itembank"
    label = "itembank"
    verbose_name = "题库"

    def ready(self) -> None:
        from skillcert.itembank import tasks  # noqa: F401 - registers the periodic submission of expired sittings
