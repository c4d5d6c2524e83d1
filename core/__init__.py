"""Shared, domain-free code: imported by every app, importing none of them.

Reading and writing tabular files (CSV and Excel .xlsx) lives here; the apps
say what the columns mean.
"""
