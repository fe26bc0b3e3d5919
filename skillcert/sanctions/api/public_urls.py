"""Sanctions public API under /api/v1/public/sanctions/ (no login, R-PUB-1)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.sanctions.api import views

router = SimpleRouter()
router.register("criticisms", views.PublicCriticismViewSet, basename="public-criticism")

urlpatterns = [path("", include(router.urls))]
