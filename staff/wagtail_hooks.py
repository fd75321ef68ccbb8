from wagtail.snippets.models import register_snippet

from .views import StaffMemberViewSet

register_snippet(StaffMemberViewSet)
