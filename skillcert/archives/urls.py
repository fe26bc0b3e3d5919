"""Pages of the archives app."""

from django.urls import path

from skillcert.archives import views

app_name = "archives"

urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("plans/<int:plan_pk>/", views.plan_dossier, name="plan"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="detail"),
    path("dossiers/<int:pk>/<str:what>/", views.dossier_action, name="action"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("trace/certificates/<int:pk>/", views.certificate_trace, name="trace"),
    path("trace/certificates/<int:pk>/pdf/", views.certificate_trace_pdf, name="trace_pdf"),
    path("trace/<str:kind>/<int:pk>/", views.touched, name="touched"),
]
