from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "skillcert.archives"
    label = "archives"
    verbose_name = "档案"
