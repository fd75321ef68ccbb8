"""Every admin URL pattern Wagtail registers, filled in with real objects, and how a request to it ends."""

from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, UploadedFile, Workflow

from editorial.roles import WORKFLOW_NAME
from staff.models import Alumnus, Graduation, Resident

LOGIN = "login"
DENIED = "denied"
ALLOWED = "allowed"
HIDDEN = "not found"


def admin_patterns():
    """(name, URLPattern) for every pattern under /admin/, in the order Django resolves them."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), f"{namespace}{pattern.name or ''}", pattern

    for route, name, pattern in walk(get_resolver().url_patterns, "", ""):
        if route.startswith("admin/"):
            yield name or route, pattern


def argument_names(pattern):
    return sorted(pattern.pattern.regex.groupindex)


class AdminObjects:
    """Real objects for every argument an admin URL takes; the Apply page waits for director approval."""

    def __init__(self, home, curriculum, apply_page, staff, superuser, other_user):
        self.superuser = superuser
        self.other_user = other_user
        self.home = home
        self.curriculum = curriculum
        self.curriculum.save_revision(user=superuser)
        self.apply_page = apply_page
        self.workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        self.workflow_state = self.workflow.start(apply_page, superuser)
        self.task_state = self.workflow_state.current_task_state
        self.staff = staff
        self.staff.save_revision(user=superuser)
        self.resident = Resident.objects.create(name="Maya Chen", year=1)
        self.resident.save_revision(user=superuser)
        self.alumnus = Alumnus.objects.create(name="Ana Ortiz", graduation_year=2031)
        self.alumnus.save_revision(user=superuser)
        self.graduation = Graduation.objects.create(graduation_year=2031, performed_by=superuser)
        self.collection = Collection.get_first_root_node().add_child(name="Staff photos")
        self.image = get_image_model().objects.create(
            title="Portrait", file=get_test_image_file(), description="A portrait", uploaded_by_user=superuser
        )
        self.document = get_document_model().objects.create(
            title="Handbook", file=ContentFile(b"handbook", name="handbook.txt"), uploaded_by_user=superuser
        )
        self.uploaded_image = UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(get_image_model()),
            file=get_test_image_file(),
            uploaded_by_user=superuser,
        )
        self.uploaded_document = UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(get_document_model()),
            file=ContentFile(b"notes", name="notes.txt"),
            uploaded_by_user=superuser,
        )
        self.redirect = Redirect.objects.create(old_path="/old-apply", redirect_page=apply_page)
        self.site = home.get_site()
        self.group = Group.objects.get(name="Directors")
        self.editing_session = EditingSession.objects.create(
            user=superuser,
            content_type=ContentType.objects.get_for_model(curriculum),
            object_id=str(curriculum.pk),
            last_seen_at=timezone.now(),
        )

    def value(self, name, argument):
        """The value of one URL argument for the pattern called `name`."""
        area = name.split(":")[0]
        page_area = area in {"wagtailadmin_pages", "wagtailadmin_explore", "wagtailadmin_explore_results"}
        page = self.apply_page if "workflow" in name else self.curriculum
        values = {
            "page_id": page.pk,
            "parent_page_id": self.home.pk if "add" in name else page.pk,
            "page_to_move_id": page.pk,
            "destination_id": self.home.pk,
            "content_type_app_name": "pages",
            "content_type_model_name": "standardpage",
            "action_name": "approve",
            "task_state_id": self.task_state.pk,
            "task_id": self.task_state.task_id,
            "workflow_state_id": self.workflow_state.pk,
            "revision_id": (page.latest_revision_id if page_area else self.snippet(area).latest_revision_id),
            "revision_id_a": "earliest",
            "revision_id_b": "latest",
            "collection_id": self.collection.pk,
            "page_pk": self.apply_page.pk,
            "workflow_pk": self.workflow.pk,
            "redirect_id": self.redirect.pk,
            "document_id": self.document.pk,
            "doc_id": self.document.pk,
            "image_id": self.image.pk,
            "filter_spec": "fill-100x100",
            "session_id": self.editing_session.pk,
            "object_id": str(self.curriculum.pk),
            "uidb64": "MQ",
            "token": "not-a-token",
            "file_format": "csv",
        }
        if argument == "uploaded_file_id":
            return (self.uploaded_image if "image" in name else self.uploaded_document).pk
        if argument in ("app_label", "model_name", "app_name"):
            return self.model_label(name)[argument]
        if argument == "pk":
            return self.pk(name, area)
        return values[argument]

    def model_label(self, name):
        if name.startswith("wagtailsettings"):
            app, model = "pages", "contactsettings"
        elif name.startswith("wagtailadmin_workflows"):
            app, model = "wagtailcore", "groupapprovaltask"
        elif name.startswith("wagtailadmin_tag"):
            app, model = "wagtailimages", "image"
        elif name == "wagtail_bulk_action" or name.startswith("wagtailadmin_editing_sessions"):
            app, model = "wagtailcore", "page"
        else:
            app, model = "pages", "standardpage"
        return {"app_label": app, "app_name": app, "model_name": model, "action": "publish"}

    def pk(self, name, area):
        if area == "wagtailadmin_api":
            return {"documents": self.document, "images": self.image}.get(name.split(":")[1], self.curriculum).pk
        return {
            "wagtailadmin_pages": self.curriculum.pk,
            "wagtailadmin_collections": self.collection.pk,
            "wagtailadmin_workflows": (self.task_state.task_id if "task" in name else self.workflow.pk),
            "wagtailsettings": self.site.pk,
            "wagtailsites": self.site.pk,
            "wagtailusers_users": self.other_user.pk,
            "wagtailusers_groups": self.group.pk,
            "wagtaildocs_chooser": self.document.pk,
            "wagtailimages_chooser": self.image.pk,
            "staff_graduation_undo": self.graduation.pk,
        }.get(area, self.snippet(area).pk)

    def snippet(self, area):
        """The snippet an area's URLs act on: a resident, an alumnus, or else the staff record."""
        return {
            "wagtailsnippets_staff_resident": self.resident,
            "wagtailsnippetchoosers_staff_resident": self.resident,
            "wagtailsnippets_staff_alumnus": self.alumnus,
            "wagtailsnippetchoosers_staff_alumnus": self.alumnus,
        }.get(area, self.staff)

    def url(self, name, pattern):
        """A URL for the pattern, with real ids; query strings where the view needs them."""
        if name == "admin/^.*/$":
            return "/admin/no-such-area/"
        if name == "admin/test404/":
            return "/admin/test404/"
        kwargs = {}
        for argument in argument_names(pattern):
            if argument == "action":
                kwargs[argument] = "publish"
            else:
                kwargs[argument] = self.value(name, argument)
        url = reverse(name, kwargs=kwargs)
        if name == "wagtail_bulk_action":
            url += f"?id={self.curriculum.pk}"
        return url


def outcome(client, url):
    """LOGIN, DENIED (403, or Wagtail's redirect to the dashboard with "no permission"), HIDDEN or ALLOWED.

    A view that only takes POST is posted to, empty, inside a transaction that is rolled back.
    """
    with transaction.atomic():
        response = client.get(url)
        # Posting to the logout view would end the session the next requests need.
        if response.status_code == 405 and url != reverse("wagtailadmin_logout"):
            response = client.post(url)
        transaction.set_rollback(True)
    status = response.status_code
    location = urlsplit(response.get("Location", "")).path
    if status in (301, 302) and location == reverse("wagtailadmin_login"):
        return LOGIN
    refused = any("permission" in str(message) for message in get_messages(response.wsgi_request))
    if status == 403 or (status == 302 and location == reverse("wagtailadmin_home") and refused):
        return DENIED
    if status == 404:
        # Some views look objects up among those the user may act on only.
        return HIDDEN
    # The view was reached: it answered or redirected elsewhere.
    return ALLOWED
