"""The plugin contract: what a plugin declares and how the core finds it (docs/plugins.md)."""
