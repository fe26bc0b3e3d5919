from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "skillcert.certificates"
    label = "certificates"
    verbose_name = "职业技能等级证书"

    def ready(self) -> None:
        from skillcert.certificates import (
            providers,  # noqa: F401 - registers the workbench tiles
            tasks,  # noqa: F401 - registers the background issuance task
        )
