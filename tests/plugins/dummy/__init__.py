"""A dummy plugin exercising the plugin contract in tests (pretix's testdummy)."""
