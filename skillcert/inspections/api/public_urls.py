"""inspections public API under /api/v1/public/inspections/ (no login)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.inspections.api.public import PublicCampaignViewSet

router = SimpleRouter()
router.register("campaigns", PublicCampaignViewSet, basename="public-inspections-campaign")

urlpatterns = [path("", include(router.urls))]
