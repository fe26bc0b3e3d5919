from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "skillcert.institutions"
    label = "institutions"
    verbose_name = "评价机构"

    def ready(self) -> None:
        from skillcert.institutions import providers  # noqa: F401 - registers the workbench tiles
