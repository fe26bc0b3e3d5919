"""archives API (login required)."""

urlpatterns: list = []
