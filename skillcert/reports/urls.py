"""Pages of the reports app."""

from django.urls import path

from skillcert.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.board, name="board"),
    path("open/", views.open_summary, name="open"),
    path("rollup/", views.rollup, name="rollup"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:what>/", views.act, name="act"),
]
