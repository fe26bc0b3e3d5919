"""Pages of the itembank app."""

app_name = "itembank"

urlpatterns: list = []
