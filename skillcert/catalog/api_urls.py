"""Catalogue API under /api/v1/catalog/ (login required)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.catalog import api

router = SimpleRouter()
router.register("occupations", api.OccupationViewSet, basename="catalog-occupation")
router.register("standards", api.SkillStandardViewSet, basename="catalog-standard")
router.register("eligibility-rules", api.EligibilityRuleViewSet, basename="catalog-eligibility-rule")

urlpatterns = [path("", include(router.urls))]
