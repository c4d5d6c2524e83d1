"""Page reports: selector frames -> pure analysis -> charts and tables for a template.

Kept out of the views so that views stay thin and hold no pandas.
"""
