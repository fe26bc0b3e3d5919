from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "skillcert.inspections"
    label = "inspections"
    verbose_name = "质量督导与双随机检查"
