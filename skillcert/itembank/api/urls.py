"""itembank API (login required)."""

urlpatterns: list = []
