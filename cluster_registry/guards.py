"""One guard for the whole site against input no form or id can hold.

A NUL character anywhere a client can type (the path, the query string, form fields, cookies, upload
names) is refused with 400 before any view, filter or database sees it: PostgreSQL cannot store it, and
every view would otherwise have to know that. In the admin, an object id or history version id that is not
a valid key of its model is a 404, whichever view (Django's, simple-history's, ours) would have parsed it.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404

NUL = "\x00"


class NulInRequest(SuspiciousOperation):
    """Django answers a SuspiciousOperation with 400 and the 400 page, and logs it to django.security."""


def contains_nul(request) -> bool:
    if NUL in request.path_info or _any_nul(request.GET.lists()):
        return True
    if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
        return True
    if request.method != "POST":
        return False
    uploads = ((name, [upload.name or "" for upload in files]) for name, files in request.FILES.lists())
    return _any_nul(request.POST.lists()) or _any_nul(uploads)


def _any_nul(lists) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in lists)


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if contains_nul(request):
            raise NulInRequest("NUL character in the request")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        # Django's admin names its ids; simple-history's version URL passes (object_id, version_id) by position.
        object_id = view_kwargs.get("object_id") or (view_args[0] if view_args else None)
        version_id = view_kwargs.get("version_id") or (view_args[1] if len(view_args) > 1 else None)
        if match is None or match.app_name != "admin" or not object_id:
            return None
        # Anonymous visitors go on to the admin's own redirect to its login: a 404 would tell them which models exist.
        if not (request.user.is_active and request.user.is_staff):
            return None
        model = _registered_model(match.route)
        if model is not None:
            _check_key(model, object_id)
            history = getattr(model, "history", None)
            if version_id and history is not None and hasattr(history, "model"):
                _check_key(history.model, version_id)
        return None


def _registered_model(route: str):
    """The model whose admin URLs `route` belongs to: `<site>/<app_label>/<model_name>/...`."""
    registered = {(model._meta.app_label, model._meta.model_name): model for model in admin.site._registry}
    parts = route.split("/")
    for app_label, model_name in zip(parts, parts[1:], strict=False):
        if (app_label, model_name) in registered:
            return registered[(app_label, model_name)]
    return None


def _check_key(model, raw: str) -> None:
    key = model._meta.pk
    try:
        key.run_validators(key.to_python(unquote(raw)))  # an integer key's validators hold the column's range
    except (ValidationError, ValueError, TypeError):
        raise Http404 from None
