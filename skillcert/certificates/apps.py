from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "skillcert.certificates"
    label = "certificates"
    verbose_name = "职业技能等级证书"

    def ready(self) -> None:
        from skillcert.certificates import (
            providers,  # noqa: F401 - registers the workbench tiles
            status_list,  # noqa: F401 - rebuilds the public status lists on status changes
            tasks,  # noqa: F401 - registers the background issuance task
        )
