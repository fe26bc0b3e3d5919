"""Catalogue pages (R-CAT-1..4)."""

from django.urls import path

from skillcert.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.occupation_list, name="occupation_list"),
    path("<int:pk>/", views.OccupationDetailView.as_view(), name="occupation_detail"),
]
