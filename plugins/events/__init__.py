"""Events plugin: a cross-level calendar of methodological events (issue 5)."""
