"""Public certificate verification under /api/v1/public/certificates/ (no login, rate-limited)."""

from django.urls import path

from skillcert.certificates import public_api

urlpatterns = [
    path("verify", public_api.verify, name="public-certificate-verify"),
    path("qr", public_api.verify_qr, name="public-certificate-qr"),
]
