"""Validation and storage of uploaded cover images, shared by the API and the portal.

An upload is accepted only if Pillow decodes it fully as JPEG, PNG, WebP or GIF within the
byte and pixel limits (settings MAX_UPLOAD_IMAGE_BYTES and MAX_UPLOAD_IMAGE_PIXELS). The
pixel count is checked from the header before decoding, so a decompression bomb is
rejected before it takes memory. The stored file is re-encoded, which drops metadata such
as the GPS position a phone writes into a photo. SVG is rejected: it is a document that
can carry scripts, not a raster image.
"""

import contextlib
import io
import logging
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Decoded format → (format to store, file extension).
ACCEPTED_FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp"), "GIF": ("PNG", "png")}

MESSAGES = {
    "image_too_large": _("The image is too large: %(size)s bytes, the maximum is %(max)s bytes."),
    "image_too_many_pixels": _("The image has too many pixels: the maximum is %(max)s pixels in all."),
    "image_svg": _("SVG images are not accepted: upload a JPEG, PNG, WebP or GIF image."),
    "image_unsupported": _("The image format %(format)s is not accepted: upload a JPEG, PNG, WebP or GIF image."),
    "image_invalid": _("The file is not a valid image: upload a JPEG, PNG, WebP or GIF image."),
}


def image_error(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _looks_like_svg(data):
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096].lower())


def validate_image(data):
    """Return the image in `data` re-encoded as a ContentFile; raise ValidationError otherwise."""
    max_bytes = settings.MAX_UPLOAD_IMAGE_BYTES
    max_pixels = settings.MAX_UPLOAD_IMAGE_PIXELS
    if len(data) > max_bytes:
        raise image_error("image_too_large", size=len(data), max=max_bytes)
    if _looks_like_svg(data):
        raise image_error("image_svg")

    try:
        with warnings.catch_warnings():
            # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that, while opening.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > max_pixels:
                raise image_error("image_too_many_pixels", max=max_pixels)
            if image.format not in ACCEPTED_FORMATS:
                raise image_error("image_unsupported", format=image.format)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        logger.info("Rejected an upload as a decompression bomb")
        raise image_error("image_too_many_pixels", max=max_pixels) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        logger.info("Rejected an upload that Pillow could not decode: %s", type(error).__name__)
        raise image_error("image_invalid") from None

    store_format, extension = ACCEPTED_FORMATS[image.format]
    if store_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if store_format == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    output = io.BytesIO()
    save_options = {"quality": 90} if store_format in ("JPEG", "WEBP") else {}
    image.save(output, format=store_format, **save_options)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def delete_file_on_commit(storage, name):
    """Delete a stored file once the transaction that replaced or cleared it commits."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def replace_image(instance, field_name, content):
    """Set `instance.<field_name>` to `content` (a validated ContentFile, or None to clear it).

    The old file is deleted after commit; the caller saves the instance. Returns the new
    file's name, or "" when the image was cleared.
    """
    field_file = getattr(instance, field_name)
    old_name = field_file.name
    if content is None:
        setattr(instance, field_name, "")
    else:
        field_file.save(content.name, content, save=False)
    delete_file_on_commit(field_file.storage, old_name)
    return getattr(instance, field_name).name


@contextlib.contextmanager
def delete_new_file_on_error(instance, field_name, new_name):
    """Delete the file `new_name` stored by replace_image when the block raises.

    A rejected save must leave no orphan upload behind: the row keeps its old image, so
    nothing else refers to the new file.
    """
    try:
        yield
    except BaseException:
        if new_name:
            getattr(instance, field_name).storage.delete(new_name)
        raise


# The youth app shows cover images at 16:9. Uploads are cropped to that shape around a
# focus point and scaled down to at most this size; smaller images are not enlarged.
COVER_IMAGE_SIZE = (1280, 720)


def crop_to_cover(content, *, focus_x=0.5, focus_y=0.5, size=COVER_IMAGE_SIZE):
    """Return a validated image (from validate_image) cropped to the shape of `size` and
    scaled down to fit it, keeping the point (focus_x, focus_y) in view.

    The focus is given as fractions of the width and height, 0.0-1.0.
    """
    content.seek(0)
    image = Image.open(io.BytesIO(content.read()))
    image_format = image.format
    target_width, target_height = size
    target_ratio = target_width / target_height
    width, height = image.size
    focus_x = min(max(float(focus_x), 0.0), 1.0)
    focus_y = min(max(float(focus_y), 0.0), 1.0)

    if width / height > target_ratio:
        crop_width, crop_height = round(height * target_ratio), height
    else:
        crop_width, crop_height = width, round(width / target_ratio)
    left = min(max(round(focus_x * width - crop_width / 2), 0), width - crop_width)
    top = min(max(round(focus_y * height - crop_height / 2), 0), height - crop_height)
    image = image.crop((left, top, left + crop_width, top + crop_height))
    if crop_width > target_width:
        image = image.resize((target_width, target_height), Image.Resampling.LANCZOS)

    output = io.BytesIO()
    save_options = {"quality": 88} if image_format in ("JPEG", "WEBP") else {}
    image.save(output, format=image_format, **save_options)
    return ContentFile(output.getvalue(), name=content.name)
