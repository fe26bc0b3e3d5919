"""Public (no login) API: /api/v1/public/... — each app adds its published registers here."""

from django.urls import path

from skillcert.portal import public_api

urlpatterns = [
    path("overview/", public_api.overview, name="public-overview"),
]
