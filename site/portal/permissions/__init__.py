"""Territory scoping: the one policy every view, import, export, search and API uses."""
