"""Complaints public API under /api/v1/public/complaints/ (no login, R-PUB-1)."""

from django.urls import path

from skillcert.complaints.api import views

filing = views.PublicComplaintViewSet.as_view({"post": "create"})
challenge = views.PublicComplaintViewSet.as_view({"get": "challenge"})
track = views.PublicComplaintViewSet.as_view({"post": "track"})

urlpatterns = [
    path("", filing, name="public-complaint-file"),
    path("challenge/", challenge, name="public-complaint-challenge"),
    path("track/", track, name="public-complaint-track"),
]
