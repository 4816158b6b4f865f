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


def home_chair_context(on: datetime.date | None = None) -> dict:
    """For templates/governance/includes/home_chair.html: the chair today, or the last known one."""
    on = on or timezone.localdate()
    term = ChairTerm.objects.last_known(on=on)
    return {"chair_term": term, "chair_is_current": bool(term and term.covers(on))}
