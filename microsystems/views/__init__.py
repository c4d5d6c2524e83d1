"""The web layer for microsystems, one module per page family."""
