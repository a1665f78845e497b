"""PLACEHOLDER: replaced by its owner."""

app_name = "young_teachers"
urlpatterns: list = []
