"""Code the tests share: data builders, the URL access matrix, page checkers.

Test modules import shared code from here only, never from another test module
or a conftest (tests/test_architecture.py checks it); conftest.py files hold the
fixtures, built with these helpers.
"""
