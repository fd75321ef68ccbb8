"""The admin image form: every image needs its alt text, and a file that is whole and within the limits."""

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PillowImage

# What Pillow raises for a file it cannot decode: cut short, damaged, or not what its header says.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError)
DAMAGED = "This image file is damaged or incomplete and cannot be read. Save or export it again and upload the copy."


class WholeImageField(WagtailImageField):
    """Wagtail's image field (extension, format, size and pixel limits), which also counts an animation's frames
    and decodes every frame, so a damaged file is a form error here rather than an error later in a page."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)  # decodes the first frame, unless the pixel count is too high
        except UNREADABLE as error:
            raise ValidationError(DAMAGED, code="damaged_image") from error
        if f.image.format_name != "svg":
            check_frames(f)


def check_frames(upload):
    """At most IMAGE_MAX_FRAMES frames, each decodable. The pixel limit, checked first, bounds the work."""
    max_frames = settings.IMAGE_MAX_FRAMES
    upload.seek(0)
    try:
        with PillowImage.open(upload) as picture:
            frames = getattr(picture, "n_frames", 1)
            if frames > max_frames:
                raise ValidationError(
                    f"This image has {frames} frames; an animated image may have at most {max_frames}.",
                    code="too_many_frames",
                )
            for frame in range(frames):
                picture.seek(frame)
                picture.load()
    except UNREADABLE as error:
        raise ValidationError(DAMAGED, code="damaged_image") from error
    finally:
        upload.seek(0)


class AltTextImageForm(BaseImageForm):
    """Makes the image description (its alt text) required, and the file whole and within the limits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = "Description (alt text)"
            field.help_text = (
                "What the image shows, for people who cannot see it, e.g. "
                '"Dr. Sarah Kler smiling, in a clinic corridor". Required.'
            )
        if "file" in self.fields:
            # Wagtail builds the file field itself (wagtail.images.forms.formfield_for_dbfield); keep its settings.
            field = self.fields["file"]
            self.fields["file"] = WholeImageField(
                label=field.label, required=field.required, widget=field.widget, max_length=field.max_length
            )
