"""Fields that staff see only with a permission, declared once, and the admin mixin that keeps them out of reach.

A field hidden from a user must be hidden from every parameter of the admin's lists as well: the admin
accepts a lookup on any local field in the URL, so without this a viewer could count the members whose
contact e-mail starts with "s", then "sa", and read it letter by letter (`?contact_email__startswith=s`),
on the member list and through the staff export, which rebuilds the same list.

`RESTRICTED_FIELDS` names, by model label, which fields need which permission. It covers the model's
simple-history table too (historical models carry their model's fields) and every path that reaches the
model through relations (`member__contact_email` from a chair term). A model of any app whose fields need
a permission is declared here, by label, so that no app needs another's code for it.

`RestrictedFieldsMixin` goes first in the bases of every registry ModelAdmin (a test checks that). For a
user without the permission it refuses lookups touching the fields (400, whatever the value: a refusal
that still filtered, or an ignored parameter, would answer the question), and drops them from the
columns, the filters, the search fields and the ordering. It also refuses, for everyone, the few
lookups that no admin screen makes and that a hand-written URL could turn into a server error
(`REFUSED_LOOKUPS`).
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import F

from .admin_tools import CONTACT_FIELDS
from .permissions import VIEW_CONTACT_DETAILS, VIEW_YEARLY_FIGURES

# Lookups no admin screen makes, refused in list URLs for everyone: a pattern the database cannot compile,
# or a range given as one string, fails only when the list is read (a 500), and a regex can take the
# database minutes to match (on SQLite it runs in Python, row by row).
REFUSED_LOOKUPS = frozenset({"regex", "iregex", "range"})

# model label -> ((permission needed, fields it guards), ...)
RESTRICTED_FIELDS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "members.member": ((VIEW_CONTACT_DETAILS, frozenset(CONTACT_FIELDS)),),
    # members.yearly.CONFIDENTIAL_FIGURES, spelt here so this module imports no model.
    "members.yearlyfigures": ((VIEW_YEARLY_FIGURES, frozenset({"revenue", "exports", "rnd", "investment"})),),
}


def hidden_fields(model, user) -> frozenset[str]:
    """The names of `model`'s fields that `user` may not see (those of its model for a history table)."""
    model = getattr(model, "instance_type", model)  # simple-history's historical models name their model so
    hidden = set()
    for permission, fields in RESTRICTED_FIELDS.get(model._meta.label_lower, ()):
        if not user.has_perm(permission):
            hidden |= fields
    return frozenset(hidden)


def touches_hidden(model, path: str, user) -> bool:
    """Whether the lookup, ordering or search path (`member__contact_email__startswith`) reaches a hidden field."""
    for part in path.lstrip("-^=@").split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a lookup or transform: the fields are behind us
        if field.name in hidden_fields(model, user):
            return True
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def _ordering_paths(item) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, F):
        return [item.name]
    flattened = item.flatten() if hasattr(item, "flatten") else []
    return [expression.name for expression in flattened if isinstance(expression, F)]


class RestrictedFieldsMixin:
    """For every registry ModelAdmin: no list parameter touches a field the user may not see."""

    def _hides(self, request, path) -> bool:
        return isinstance(path, str) and touches_hidden(self.model, path, request.user)

    def lookup_allowed(self, lookup, value, request):
        # False makes Django's ChangeList raise DisallowedModelAdminLookup: 400, and nothing counted.
        if lookup.rsplit(LOOKUP_SEP, 1)[-1] in REFUSED_LOOKUPS or self._hides(request, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_list_display(self, request):
        return [name for name in super().get_list_display(request) if not self._hides(request, name)]

    def get_list_filter(self, request):
        def path(entry):
            return entry[0] if isinstance(entry, (list, tuple)) else entry

        return [entry for entry in super().get_list_filter(request) if not self._hides(request, path(entry))]

    def get_search_fields(self, request):
        return [name for name in super().get_search_fields(request) if not self._hides(request, name)]

    def get_ordering(self, request):
        return [item for item in super().get_ordering(request) or () if not self._hides_ordering(request, item)]

    def _hides_ordering(self, request, item) -> bool:
        return any(self._hides(request, path) for path in _ordering_paths(item))

    def get_changelist(self, request, **kwargs):
        base = super().get_changelist(request, **kwargs)
        model_admin = self

        class RestrictedChangeList(base):
            def get_ordering(self, request, queryset):
                # Columns' admin_order_field and the model's Meta.ordering end here too.
                ordering = super().get_ordering(request, queryset)
                return [item for item in ordering if not model_admin._hides_ordering(request, item)]

        return RestrictedChangeList
