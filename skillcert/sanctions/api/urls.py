"""Sanctions API under /api/v1/supervision/ (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.sanctions.api import views

router = SimpleRouter()
router.register("sanctions", views.SanctionViewSet, basename="sanction")
router.register("sanction-proposals", views.ProposalViewSet, basename="sanction-proposal")
router.register("inactivity-cases", views.InactivityCaseViewSet, basename="inactivity-case")

urlpatterns = [path("", include(router.urls))]
