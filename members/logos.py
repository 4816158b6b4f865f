"""Members' logos: an upload checked with Pillow and kept only as renditions of the sizes pages use.

Staff upload a PNG, JPEG or WebP file in the admin (never SVG, which is a document that can carry
script). The file is refused when it is larger than `settings.MEMBER_LOGO_MAX_BYTES`, when Pillow
cannot verify it, when it is another format whatever its name says, or when its pixel count could
exhaust memory once decoded (a decompression bomb). An accepted logo is decoded once more (verify()
leaves the image unusable) and redrawn at each size in `LOGO_SIZES` as WebP: the stored files are
ours, not the uploaded bytes, so nothing hidden in the upload is ever served. They are served by
`cluster_registry.media` with `nosniff` and a sandboxing policy.
"""

import io
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

LOGO_FOLDER = "members/logos/"
# The longest side of each rendition, in pixels: twice the size drawn, for high-density screens.
LOGO_SIZES = {"small": 96, "large": 256}
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
# 25 megapixels: any real logo is far smaller; decoding more could take hundreds of megabytes.
LOGO_MAX_PIXELS = 25_000_000


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_logo")


def open_logo(upload):
    """The uploaded logo as a decoded Pillow image, or a ValidationError saying why it is refused."""
    if upload.size > settings.MEMBER_LOGO_MAX_BYTES:
        raise _refuse(
            _("The logo is %(size)s; at most %(limit)s is accepted.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MEMBER_LOGO_MAX_BYTES)}
        )
    upload.seek(0)
    data = upload.read()
    not_an_image = _("This file is not a PNG, JPEG or WebP image.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in LOGO_FORMATS:
                    raise _refuse(not_an_image)
                if probe.width * probe.height > LOGO_MAX_PIXELS:
                    raise _refuse(_("The logo has too many pixels; upload one of at most 5,000 by 5,000."))
                probe.verify()
            image = Image.open(io.BytesIO(data))  # verify() leaves the image unusable: open it again
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refuse(not_an_image) from error
    except (OSError, SyntaxError, ValueError) as error:  # what Pillow raises for a broken file
        raise _refuse(not_an_image) from error
    return image


def renditions(image) -> dict[str, ContentFile]:
    """{size name: WebP file} of `image` fitted into a square of each of `LOGO_SIZES`, never enlarged."""
    image = image.convert("RGBA")
    stem = secrets.token_hex(8)  # a new name for every upload, so no browser keeps an old logo
    files = {}
    for name, size in LOGO_SIZES.items():
        copy = image.copy()
        copy.thumbnail((size, size), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, format="WEBP", quality=90, method=4)
        files[name] = ContentFile(buffer.getvalue(), name=f"{stem}-{size}.webp")
    return files
