"""URLs for the moderate part of the dialogue app."""

urlpatterns: list = []
