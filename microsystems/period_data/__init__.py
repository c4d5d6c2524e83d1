"""One pipeline for values recorded per period: demand, measurements, and the kinds to come.

A kind is described by a PeriodDataSpec (spec.py): its columns, how its key
and value cells are read, its messages. From the spec alone the pipeline reads
an upload (files.py), checks its rows (rows.py), writes the values (writes.py)
and lays out the data-entry grid (microsystems.forms.period_grid). Reading the
file itself (size, type, encoding) is core.tabular_files' job.

Demand's spec is microsystems.demand_rows.DEMAND; measurements' is
valuation.measurement_files.MEASUREMENTS.
"""
