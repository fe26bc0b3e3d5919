"""Public institutions API under /api/v1/public/ (no login, R-PUB-1)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.institutions import api, api_entry

router = SimpleRouter()
router.register("institutions", api.PublicInstitutionViewSet, basename="public-institution")
router.register("institution-calls", api_entry.PublicSelectionCallViewSet, basename="public-institution-call")
router.register("blacklist", api.PublicBlacklistViewSet, basename="public-blacklist")
router.register("filing-applications", api.PublicApplicationViewSet, basename="public-filing-application")

urlpatterns = [path("", include(router.urls))]
