"""Pages of the sanctions app: the register and workflow (staff), and the public 通报批评 list."""

from django.urls import path

from skillcert.sanctions.views import pages

app_name = "sanctions"

urlpatterns = [
    path("", pages.sanction_list, name="list"),
    path("new/", pages.new_sanction, name="new"),
    path("public/", pages.public_criticisms, name="public"),
    path("proposals/", pages.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", pages.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/<slug:action>/", pages.proposal_act, name="proposal_act"),
    path("inactivity/", pages.inactivity, name="inactivity"),
    path("inactivity/<int:pk>/", pages.case_detail, name="case"),
    path("inactivity/<int:pk>/<slug:action>/", pages.case_act, name="case_act"),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/<slug:action>/", pages.act, name="act"),
]
