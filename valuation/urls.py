"""Assessments, measures, weights, judgements and the public value account.

One list per area, so each area's pages are declared together.
"""

app_name = "valuation"

# Assessments: list, create, settings, submit, approve/return, voice weights.
assessment_patterns = []

# Measures (admins) and measurements (grid, upload, download).
measure_patterns = []

# Stakeholder weights, judgements and the perspectives page.
perspective_patterns = []

# The assessment page: the public value account.
account_patterns = []

urlpatterns = [*assessment_patterns, *measure_patterns, *perspective_patterns, *account_patterns]
