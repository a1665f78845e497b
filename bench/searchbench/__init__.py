"""A bench-only app: the same documents as a Wagtail-indexed model, for the peer."""
