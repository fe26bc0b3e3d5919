"""supervision API (login required)."""

urlpatterns: list = []
