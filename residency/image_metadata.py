"""Photos lose their location and camera metadata (EXIF, XMP, comments): the stored original when it is uploaded,
and every rendition Wagtail makes, whatever the original still carries."""

import io
import os

from django.core.files.base import ContentFile

from wagtail.utils.file import hash_filelike

from PIL import Image as PillowImage
from PIL import ImageOps
from willow.plugins.pillow import PillowImage as WillowPillowImage
from willow.registry import registry

# Formats whose files can carry EXIF or XMP, and Pillow's name for each.
FORMATS = {"JPEG", "PNG", "WEBP", "AVIF"}
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "Raw profile type exif", "comment", "photoshop")


def has_metadata(picture):
    return any(key in picture.info for key in METADATA_KEYS) or bool(picture.getexif())


def without_info_metadata(picture):
    """Pillow writes XMP and comments from an image's info (and Willow passes its EXIF on): keep neither."""
    picture.info = {key: value for key, value in picture.info.items() if key not in METADATA_KEYS}
    return picture


def without_metadata(data):
    """The image's bytes with its metadata removed and its EXIF orientation applied, or None when it has none."""
    with PillowImage.open(io.BytesIO(data)) as picture:
        if picture.format not in FORMATS or getattr(picture, "n_frames", 1) > 1 or not has_metadata(picture):
            return None
        image_format = picture.format
        icc_profile = picture.info.get("icc_profile")
        upright = without_info_metadata(ImageOps.exif_transpose(picture))
        options = {"icc_profile": icc_profile} if icc_profile else {}
        if image_format == "JPEG":
            options.update(quality=95, optimize=True)
        elif image_format in {"WEBP", "AVIF"}:
            options.update(quality=95)
        output = io.BytesIO()
        upright.save(output, format=image_format, exif=b"", **options)
        return output.getvalue()


def strip_uploaded_metadata(sender, instance, **kwargs):
    """pre_save of the image model: a new image's file is replaced by its copy without metadata.

    A new upload is cleaned before it is stored; a file already written to storage for a new image (the multiple
    upload's second step, or code that saves the file first) is cleaned and the leaky copy deleted."""
    upload = instance.file
    if not upload:
        return
    stored = getattr(upload, "_committed", True)
    if stored and not instance._state.adding:
        return  # an existing image keeps the file it was cleaned with when it came
    upload.open("rb")  # left open: Django writes an uncommitted upload from it on save
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    clean = without_metadata(data)
    if clean is None:
        return
    leaky_name = upload.name if stored else None
    instance.file = ContentFile(clean, name=os.path.basename(upload.name))
    instance.file_size = len(clean)
    instance.file_hash = hash_filelike(io.BytesIO(clean))
    if leaky_name:
        upload.storage.delete(leaky_name)


def auto_orient_without_metadata(image):
    """Willow's auto_orient, the first step of every rendition (wagtail.images.models.Filter.run), leaving the
    rendition nothing of the original's EXIF, XMP or comments to copy. The colour profile (ICC) stays."""
    return WillowPillowImage(without_info_metadata(ImageOps.exif_transpose(image.image)))


def strip_rendition_metadata():
    """Replace Willow's auto_orient for Pillow images (the only image library installed) with the one above."""
    registry.register_operation(WillowPillowImage, "auto_orient", auto_orient_without_metadata)
