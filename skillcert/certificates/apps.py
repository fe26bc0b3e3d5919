from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CertificatesConfig(AppConfig):
    name = "skillcert.certificates"
    label = "certificates"
    verbose_name = gettext_lazy("职业技能等级证书")

    def ready(self) -> None:
        from skillcert.certificates import (
            providers,  # noqa: F401 - registers the workbench tiles
            status_list,  # noqa: F401 - rebuilds the public status lists on status changes
            tasks,  # noqa: F401 - registers the background issuance task
        )
