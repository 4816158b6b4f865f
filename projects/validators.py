"""Checks on uploaded award scans, run before the file is stored."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

SCAN_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
SCAN_MAX_BYTES = 10 * 1024 * 1024


def validate_scan_size(file) -> None:
    if file.size > SCAN_MAX_BYTES:
        raise ValidationError(
            _("The scan is too large: files up to %(limit)s are accepted."),
            code="scan_too_large",
            params={"limit": filesizeformat(SCAN_MAX_BYTES)},
        )
