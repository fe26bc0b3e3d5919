"""Pages of the archives app."""

app_name = "archives"

urlpatterns: list = []
