"""What a write costs: a member's admin change form posted back, as staff save it.

The form is read as the admin renders it (every field, every inline with its management form) and
posted back with the public description changed, so the save takes the whole path: validation, the
member's and its inlines' rows, their history, `sync_summaries()`, the revision, the tallies' triggers.
Only the POST is timed; its SQL queries are counted on an untimed run.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from members.models import Member

from .stats import summary, timed


def _form_values(form) -> dict:
    data = {}
    for bound in form:
        if bound.field.disabled or getattr(bound.field.widget, "input_type", "") == "file":
            continue
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)
    return data


def changeform_data(member: Member, user) -> dict:
    """The POST data of the member's admin change form as the admin builds it: the model form and every
    inline formset, with the admin's own prefixes."""
    model_admin = admin.site.get_model_admin(Member)
    request = RequestFactory().get(f"/admin/members/member/{member.pk}/change/")
    request.user = user
    data = _form_values(model_admin.get_form(request, member, change=True)(instance=member))
    prefixes: dict[str, int] = {}
    for formset_class, _inline in model_admin.get_formsets_with_inlines(request, member):
        prefix = formset_class.get_default_prefix()
        prefixes[prefix] = prefixes.get(prefix, 0) + 1
        if prefixes[prefix] != 1 or not prefix:
            prefix = f"{prefix}-{prefixes[prefix]}"
        formset = formset_class(instance=member, prefix=prefix, queryset=_inline.get_queryset(request))
        data.update(_form_values(formset.management_form))
        for form in formset.forms:
            data.update(_form_values(form))
    return data


def middle_member() -> Member:
    public = Member.objects.public().order_by("pk").values_list("pk", flat=True)
    return Member.objects.get(pk=public[public.count() // 2])


def measure_admin_save(*, repeat: int) -> dict:
    users = get_user_model().objects
    user = users.filter(username="bench-admin").first() or users.create_superuser("bench-admin", "", None)
    client = Client()
    client.force_login(user)
    member = middle_member()
    url = f"/admin/members/member/{member.pk}/change/"
    data = changeform_data(member, user)
    runs = iter(range(10**6))

    def save():
        data["description_en"] = f"Saved by the benchmark, run {next(runs)}."
        response = client.post(url, data)
        if response.status_code != 302:
            raise RuntimeError(f"the admin save of {member.slug} answered {response.status_code}")

    save()  # warm-up
    times, _ = timed(save, repeat)
    with CaptureQueriesContext(connection) as captured:
        save()
    return {"url": url, "member": member.slug, **summary(times), "queries": len(captured)}
