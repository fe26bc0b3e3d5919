from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "skillcert.supervision"
    label = "supervision"
    verbose_name = "全过程监管"
