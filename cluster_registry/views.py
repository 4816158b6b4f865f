"""The cluster at a glance, the health check, and the server error page (503 while the database is away)."""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.db.utils import load_backend
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from governance.views import home_chair_context
from members.maps import figures_maps
from members.structured_data import cluster_organization
from pagecache import fragments
from projects.models import Award

from . import dbconfig, glance
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
        context["award_counts"] = Award.objects.public_counts(given_by=day if day < today else None)
        context.update(home_chair_context(on=day))
        context["fragment_timeout"] = fragments.TIMEOUT  # the charts, cached under their own content
        context["member_maps"] = figures_maps(context)  # the same figures, so the maps follow `?on=` too
        context["structured_data"] = cluster_organization(self.request)
        return context


# Seconds a client should wait before trying again while the database is unreachable.
RETRY_AFTER = 30


@never_cache
def healthz(request):
    """200 when the database answers within DJANGO_HEALTHZ_TIMEOUT seconds, 503 when it does not."""
    if not database_answers(settings.HEALTHZ_TIMEOUT):
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return JsonResponse({"status": "ok", "database": "up"})


def database_answers(timeout: float, alias: str = "default") -> bool:
    """Whether a new connection, opened and queried with `timeout`, answers `SELECT 1`.

    A probe of its own rather than the request's connection: its timeouts are the health check's, shorter
    than the pages', and a persistent connection stuck on a hung server cannot hold it.
    """
    current = connections[alias]
    settings_dict = dict(current.settings_dict)
    settings_dict["OPTIONS"] = dbconfig.with_timeouts(
        settings_dict["ENGINE"],
        settings_dict.get("OPTIONS", {}),
        connect_timeout=timeout,
        statement_timeout_ms=int(timeout * 1000),
    )
    probe = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    finally:
        probe.close()
    return True


@requires_csrf_token
def server_error(request):
    """The 500 page, or the 503 page with Retry-After when the error is that the database cannot be reached."""
    if not _database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _database_unreachable(error: BaseException | None) -> bool:
    # Connection failures, lost connections and cancelled statements; not integrity or programming errors.
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False
