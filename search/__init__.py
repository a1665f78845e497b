"""Cross-level search: one index of everything public, behind one engine interface.

Specs (search.specs) say how a model becomes SearchDocuments; the outbox
(search.outbox) carries changes to the engines (search.engines); the service
(search.service) answers queries with a fallback to the embedded engine.
"""
