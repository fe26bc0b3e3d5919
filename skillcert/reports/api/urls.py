"""reports API (login required)."""

urlpatterns: list = []
