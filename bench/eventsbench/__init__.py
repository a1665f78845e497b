"""The events benchmark's pieces (bench/events.py): settings, data, the naive peer, timing."""
