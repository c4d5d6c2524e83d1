"""Reads that pages need, each with a fixed number of queries; one module per subject."""
