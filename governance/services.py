"""Writes of chairmanship terms, safe when two staff save at once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import ChairTerm
from .operations import CONSTRAINT_NAME


@transaction.atomic
def chair_term_save(*, term: ChairTerm) -> ChairTerm:
    """Validate and save a term; an overlap with another term is refused with a message naming it.

    The overlap check runs inside this transaction. SQLite begins it IMMEDIATE, taking the write
    lock first, so no other writer can add a term between the check and the insert. PostgreSQL
    lets both writers through the check; its exclusion constraint then refuses the second one,
    which is reported like the check's own refusal.
    """
    term.full_clean()
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as error:
        if CONSTRAINT_NAME not in str(error):
            raise
        term.full_clean()  # the other writer's term is committed now, so the check can name it
        raise ValidationError(_("This term overlaps another term."), code="chair_term_overlap") from error
    return term


def chair_terms_check() -> None:
    """Refuse a set of terms that overlap (after loading fixtures, which bypass validation)."""
    for term in ChairTerm.objects.in_order():
        clash = ChairTerm.objects.colliding_with(term).first()
        if clash is not None:
            raise ValidationError(
                _("The chairmanship terms %(term)s and %(other)s overlap."),
                code="chair_term_overlap",
                params={"term": str(term), "other": str(clash)},
            )
