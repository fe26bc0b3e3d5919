from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ArchivesConfig(AppConfig):
    name = "skillcert.archives"
    label = "archives"
    verbose_name = gettext_lazy("档案")
