"""supervision API (login required): /api/v1/supervision/alerts/, kinds/, dashboard/, tiles/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from skillcert.supervision.api import views

router = SimpleRouter()
router.register("alerts", views.AlertViewSet, basename="supervision-alert")

urlpatterns = [
    path("alert-kinds/", views.KindListView.as_view(), name="supervision-alert-kinds"),
    path("dashboard/", views.DashboardView.as_view(), name="supervision-dashboard"),
    path("tiles/", views.TilesView.as_view(), name="supervision-tiles"),
    path("", include(router.urls)),
]
