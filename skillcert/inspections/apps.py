from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class InspectionsConfig(AppConfig):
    name = "skillcert.inspections"
    label = "inspections"
    verbose_name = gettext_lazy("质量督导与双随机检查")
