"""URLs for the participate part of the dialogue app."""

urlpatterns: list = []
