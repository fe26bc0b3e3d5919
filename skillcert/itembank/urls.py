"""Pages of the itembank app."""

from django.urls import path

from skillcert.itembank.views import bank, cbt, skills

app_name = "itembank"

urlpatterns = [
    path("", bank.bank_list, name="banks"),
    path("banks/<int:pk>/", bank.bank_detail, name="bank"),
    path("banks/<int:bank_pk>/blueprints/new/", bank.blueprint_new, name="blueprint_new"),
    path("blueprints/<int:pk>/assemble/", bank.assemble, name="assemble"),
    path("banks/<int:pk>/export/", bank.items_export, name="items_export"),
    path("banks/<int:pk>/qti/", bank.qti_export, name="qti_export"),
    path("banks/<int:pk>/import/", bank.items_import, name="items_import"),
    path("items/<int:pk>/", bank.item_detail, name="item"),
    path("exam/", cbt.exam, name="exam"),
    path("cbt/", cbt.session_list, name="cbt_sessions"),
    path("cbt/<int:pk>/", cbt.console, name="console"),
    path("cbt/<int:pk>/marking/", cbt.marking, name="marking"),
    path("cbt/<int:pk>/papers/<int:paper_pk>/print/", cbt.paper_print, name="paper_print"),
    path("skills/", skills.skills_list, name="skills_list"),
    path("skills/<int:pk>/", skills.skills_mark, name="skills_mark"),
    path("sittings/<int:pk>/action/", cbt.sitting_action, name="sitting_action"),
]
