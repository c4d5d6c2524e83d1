"""Template filters for numbers: {{ value|plain_number }}, {{ value|money:2 }}."""

from django import template

from core.formatting import money, plain_number

register = template.Library()
register.filter("plain_number", plain_number)
register.filter("money", money)
