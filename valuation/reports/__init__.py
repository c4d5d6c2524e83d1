"""Page reports for the valuation app: selector frames -> engine -> text, tables and charts."""
