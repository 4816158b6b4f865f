"""The public governance page, and the chair shown on the home page."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.views.generic import TemplateView

from members.models import Member

from .models import Affiliation, BoardSeat, ChairTerm, Document
from .timeline import build_timeline


def _public_member() -> Exists:
    # A member's name is shown, and linked, only while the member itself is public.
    return Exists(Member.objects.public().filter(pk=OuterRef("member_id")))


class GovernanceView(TemplateView):
    """`/governance/`: the chairmanship (timeline and table), who is next, the board, affiliations, documents."""

    template_name = "governance/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        terms = list(
            ChairTerm.objects.with_months().in_order().select_related("member").annotate(member_public=_public_member())
        )
        marked = ChairTerm.objects.last_known(on=today)
        context.update(
            terms=terms,
            term_columns=_filled_columns(terms),
            marked=marked,
            marked_is_current=bool(marked and marked.covers(today)),
            timeline=build_timeline(terms, marked),
            stats=ChairTerm.objects.by_country(),
            rotation=ChairTerm.objects.rotation(),
            board=BoardSeat.objects.current(on=today)
            .by_rank()
            .select_related("member")
            .annotate(member_public=_public_member()),
            affiliations=Affiliation.objects.all(),
            documents=Document.objects.all(),
        )
        return context


def _filled_columns(terms: list) -> dict[str, bool]:
    """Which of the terms table's optional columns hold a value in some row: an always empty one is left out.

    The release names no chair person or organisation and no notes: at 375 px those two empty
    columns made the table scroll sideways.
    """
    return {
        "who": any((term.member and term.member_public) or term.person for term in terms),
        "notes": any(term.notes for term in terms),
    }


def home_chair_context(on: datetime.date | None = None) -> dict:
    """For templates/governance/includes/home_chair.html: the chair today, or the last known one."""
    on = on or timezone.localdate()
    term = ChairTerm.objects.last_known(on=on)
    return {"chair_term": term, "chair_is_current": bool(term and term.covers(on))}
