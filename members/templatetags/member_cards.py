"""`{% load member_cards %}`: a member's monogram (members/cards.py) for cards and pages."""

from django import template

from members import cards

register = template.Library()


@register.filter
def monogram(member) -> str:
    return cards.monogram(member.name, member.legal_form)
