"""Public pages of the member directory: the filtered list and one member's page."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from .cards import card_sectors, with_sector_ids
from .facets import facet_groups, sector_names
from .filters import directory_queryset
from .maps import facet_maps
from .models import HeadcountReport, Member, MembershipPeriod
from .sections import render_member_page_sections
from .structured_data import member_organization


class MemberListView(ListView):
    """`/members/`: public members under the query's filters, 25 a page; a page past the end is a 404."""

    paginate_by = 25
    template_name = "members/member_list.html"

    def get_queryset(self):
        self.filterset, members = directory_queryset(self.request.GET, language=get_language())
        self.facet_counts = self.filterset.facets()
        return members

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.filterset.is_valid():
            # The facets' grouped query counted the listed members already: no COUNT query of its own.
            paginator.count = self.facet_counts["total"]
        return paginator

    def paginate_queryset(self, queryset, page_size):
        # Sort and skip only the ids, then fetch the page's 25 rows: at 100,000 members sorting whole
        # rows to reach a middle page spills to disk, sorting ids does not.
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset.values_list("pk", flat=True), page_size)
        rows = with_sector_ids(queryset.model.objects.select_related("region").with_is_current()).in_bulk(list(ids))
        page.object_list = [rows[pk] for pk in ids]
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["facet_groups"] = facet_groups(self.filterset, self.request.GET, self.facet_counts)
        card_sectors(context["member_list"], sector_names(context["facet_groups"]))
        # On a phone the filters fold away behind their heading, unless one is in use (or wrong).
        context["filters_in_use"] = self.filterset.filters_in_use()
        context["filters_open"] = bool(context["filters_in_use"] or self.filterset.errors)
        context["member_maps"] = facet_maps(self.facet_counts, self.request.GET) if not self.filterset.errors else []
        return context


class MemberDetailView(DetailView):
    """`/members/<slug>/`: a public member and the sections other apps register; a published former member is
    410 Gone, an unpublished one 404."""

    template_name = "members/member_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            former = Member.objects.formerly_public().filter(slug=kwargs["slug"]).first()
            if former is None:
                raise
            # Links to the page keep working and say what became of the member.
            periods = former.periods.filter(joined_on__lte=timezone.localdate()).order_by("joined_on")
            context = {"member": former, "periods": list(periods)}
            return render(request, "members/member_gone.html", context, status=410)

    def get_queryset(self):
        return (
            Member.objects.public()
            .select_related("region", "incubator")
            .prefetch_related(
                "sectors",
                Prefetch("headcounts", queryset=HeadcountReport.objects.latest_first()),
                Prefetch("periods", queryset=MembershipPeriod.objects.order_by("-joined_on")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member_sections"] = render_member_page_sections(self.object, self.request)
        context["structured_data"] = member_organization(self.object, self.request)
        return context
