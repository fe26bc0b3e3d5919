"""inspections API (login required)."""

urlpatterns: list = []
