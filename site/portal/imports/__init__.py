"""Bulk spreadsheet import: reading uploaded tables and normalising their cells.

The first layer of the import pipeline (upload → parse → map columns → validate →
preview → apply → report): `readers.read_table` turns uploaded bytes into a `Table`,
`normalise` turns cell values into clean field values.
"""
