"""The cluster at a glance, and the health check."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from governance.views import home_chair_context
from projects.models import Award

from . import glance
from .forms import AsOfForm


class HomeView(TemplateView):
    """`/`: figures, charts and fact sheet of the public members today, or of those current on `?on=`."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = AsOfForm(self.request.GET or None)
        day = (form.cleaned_data["on"] if form.is_valid() else None) or today
        context.update(glance.at_a_glance(day, today=today), as_of_form=form)
        awards = Award.objects.public()
        context["award_counts"] = (awards.given_by(day) if day < today else awards).counts_by_body_and_kind()
        context.update(home_chair_context(on=day))
        return context


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
