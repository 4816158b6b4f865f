"""`{% load dates %}`: `{{ day|day_label }}` and `{{ month|month_label }}`, as members/dates.py writes them."""

from django import template

from members import dates

register = template.Library()

register.filter("day_label", dates.day_label)
register.filter("month_label", dates.month_label)
