from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "skillcert.personnel"
    label = "personnel"
    verbose_name = "考评与督导人员"

    def ready(self) -> None:
        from skillcert.personnel import providers  # noqa: F401 - registers the workbench tiles
