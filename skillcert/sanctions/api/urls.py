"""sanctions API (login required)."""

urlpatterns: list = []
