"""URLs for the report part of the dialogue app."""

urlpatterns: list = []
