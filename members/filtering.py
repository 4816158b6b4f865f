"""One policy for the filters of every public list: a value that cannot be understood lists nothing and says why.

Ignoring it would show a list the visitor did not ask for as if it answered the question
(`/projects/?year=soon` listing every project). So every public list's FilterSet derives from
`StrictFilterSet`: its `qs` is empty while the form is invalid, and the page includes
`includes/filter_errors.html`, which gives the set's `invalid_message` and each field's error,
linked to the field. The members directory (`/members/`) and the projects list (`/projects/`) use it.
"""

import django_filters
from django.utils.translation import gettext_lazy as _


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that lists nothing, rather than ignore the value, when a value is invalid."""

    invalid_message = _(
        "Some filter values could not be understood, so nothing is listed. Correct them and search again:"
    )

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs
