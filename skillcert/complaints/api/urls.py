"""complaints API (login required)."""

urlpatterns: list = []
