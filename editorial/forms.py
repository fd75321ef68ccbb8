"""The admin image form: every image needs its alt text before it can be used."""

from wagtail.images.forms import BaseImageForm


class AltTextImageForm(BaseImageForm):
    """Makes the image description (its alt text) required when uploading or editing."""

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
