"""The data format: indicators, regions and records (`records`), the problems that validation
finds (`problems`) and the JSON Schema of a data file (`schema`).

The lowest layer: it imports nothing of povtrack but `povtrack.i18n`.
"""
