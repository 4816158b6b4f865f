"""The cluster at a glance, and the health check."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from governance.views import home_chair_context
from members.models import Member
from projects.models import Award

from . import glance
from .forms import AsOfForm


class HomeView(TemplateView):
    """`/`: live figures and charts of the current public members, and the fact sheet as of a date (`?on=`)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = glance.live_figures(Member.objects.public())
        context.update(figures)
        context["charts"] = glance.charts(figures)
        context.update(self.fact_sheet_context(figures))
        context["award_counts"] = Award.objects.public().counts_by_body_and_kind()
        context.update(home_chair_context())
        return context

    def fact_sheet_context(self, live: dict) -> dict:
        """The fact sheet for `?on=` when it is a valid past date, for today (the live figures) otherwise."""
        form = AsOfForm(self.request.GET or None)
        day = form.cleaned_data["on"] if form.is_valid() else None
        figures = glance.as_of_figures(day) if day else live
        day = day or timezone.localdate()
        return {"as_of_form": form, "as_of": day, "fact_sheet": glance.fact_sheet(day, figures)}


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
