from django.urls import include, path
from rest_framework.routers import DefaultRouter

from skillcert.accounts import api

router = DefaultRouter()
router.register("jurisdictions", api.JurisdictionViewSet, basename="jurisdiction")
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register("users", api.UserViewSet, basename="user")
router.register("tokens", api.ApiTokenViewSet, basename="api-token")

urlpatterns = [
    path("me/", api.me, name="api-me"),
    path("", include(router.urls)),
]
