"""Public catalogue API under /api/v1/public/ (no login, R-PUB-1)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.catalog import api

router = SimpleRouter()
router.register("occupations", api.PublicOccupationViewSet, basename="public-occupation")

urlpatterns = [path("", include(router.urls))]
