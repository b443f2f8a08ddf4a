"""Resized JPEG thumbnails of cover images, made on first request and kept under MEDIA_ROOT.

A thumbnail URL carries a version derived from the stored file name. A new upload gets a
new file name (core.images names files by UUID), so a URL never changes content and may
be cached for a year.
"""

import hashlib
import io
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import cache_control
from PIL import Image, ImageOps, UnidentifiedImageError

from hobbies.models import Hobby, HobbyCategory
from promotions.models import Promotion

logger = logging.getLogger(__name__)

WIDTHS = (160, 320, 640)
JPEG_QUALITY = 78
KINDS = {"hobby": Hobby, "category": HobbyCategory, "promotion": Promotion}
ONE_YEAR = 365 * 24 * 3600


def image_version(name):
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def thumbnail_sources(obj, kind):
    """Return {"src", "srcset"} for an object's cover image, or None when it has none."""
    name = obj.cover_image.name if obj is not None else ""
    if not name:
        return None
    version = image_version(name)
    urls = [
        (width, reverse("youth_root:thumbnail", args=[kind, obj.pk, version, width])) for width in WIDTHS
    ]
    return {"src": urls[1][1], "srcset": ", ".join(f"{url} {width}w" for width, url in urls)}


def render_thumbnail(source, width):
    """Return JPEG bytes of the image file `source`, scaled down to `width` pixels wide."""
    with Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        if image.width > width:
            height = max(1, round(image.height * width / image.width))
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, (255, 255, 255))
            converted = image.convert("RGBA")
            background.paste(converted, mask=converted.getchannel("A"))
            image = background
        output = io.BytesIO()
        image.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return output.getvalue()


@cache_control(public=True, max_age=ONE_YEAR, immutable=True)
def thumbnail(request, kind, pk, version, width):
    """Serve a thumbnail, making it on the first request."""
    model = KINDS.get(kind)
    if model is None or width not in WIDTHS:
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if kind == "hobby" and obj.status != Hobby.Status.PUBLISHED:
        raise Http404
    if not obj.cover_image.name or image_version(obj.cover_image.name) != version:
        raise Http404
    target = Path(settings.MEDIA_ROOT) / "thumbnails" / kind / str(pk) / f"{version}-{width}.jpg"
    if not target.exists():
        try:
            with obj.cover_image.open("rb") as source:
                data = render_thumbnail(source, width)
        except (FileNotFoundError, UnidentifiedImageError, OSError):
            logger.warning("Could not make a thumbnail of %s %s", kind, pk)
            raise Http404 from None
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write under a unique name and rename, so a concurrent request never reads half a file.
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".part", delete=False) as partial:
            partial.write(data)
        Path(partial.name).replace(target)
    return FileResponse(open(target, "rb"), content_type="image/jpeg")
