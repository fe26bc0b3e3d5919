"""Public keys, status lists and the standalone verifier under /.well-known/ (R-CERT-4, R-CERT-5)."""

from django.urls import path

from skillcert.certificates import offline_views

app_name = "wellknown"

urlpatterns = [
    path("jwks.json", offline_views.jwks, name="jwks"),
    path("did.json", offline_views.did_document, name="did"),
    path("skillcert/status/<str:purpose>", offline_views.status_list_view, name="status_list"),
    path("skillcert/verifier.html", offline_views.verifier_download, name="verifier"),
]
