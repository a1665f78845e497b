"""Documents generated from the portal's data (certificates, reports, plans).

Teachers drown in paperwork: whatever the portal knows it prints itself. `pdf` holds the
one place that knows reportlab and the fonts with Cyrillic (DejaVu, shipped in `fonts/`
so a fresh machine needs no system fonts).
"""
