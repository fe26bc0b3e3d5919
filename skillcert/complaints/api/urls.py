"""Complaints API under /api/v1/supervision/ (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.complaints.api import views

router = SimpleRouter()
router.register("complaints", views.ComplaintViewSet, basename="complaint")

urlpatterns = [path("", include(router.urls))]
