"""Writes (and the reads they need) for the dialogue app, one module per part of it."""
