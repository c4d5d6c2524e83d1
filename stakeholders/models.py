"""Stakeholders and their expectations (models arrive with the stakeholders issue)."""
