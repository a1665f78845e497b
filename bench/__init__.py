"""Benchmarks (not part of the installed portal). See docs/benchmarks.md."""
