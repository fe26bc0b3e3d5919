from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CoreConfig(AppConfig):
    name = "skillcert.core"
    label = "core"
    verbose_name = gettext_lazy("平台基础")
