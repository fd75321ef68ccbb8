"""Response headers that say what a page may load and do: one policy for the public site, one for the admin."""

from django.conf import settings

from csp.middleware import CSPMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy (ADMIN_CONTENT_SECURITY_POLICY) under the admin's URL.

    Wagtail renders a preview through the middleware with a stand-in request (is_dummy) for the page's own
    address; it is shown only inside the admin's preview frame, so it gets the admin's policy too. The signed-out
    admin pages (sign in, password reset) get ADMIN_SIGNED_OUT_CONTENT_SECURITY_POLICY, without inline scripts.
    Every other answer (pages, search, the API, 404 and 500 pages) gets CONTENT_SECURITY_POLICY."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        in_admin = request.path_info.startswith(settings.ADMIN_URL_PREFIX) or getattr(request, "is_dummy", False)
        if not report_only and parts.config is None and in_admin:
            signed_out = request.path_info.startswith(settings.ADMIN_SIGNED_OUT_PATHS)
            policy = (
                settings.ADMIN_SIGNED_OUT_CONTENT_SECURITY_POLICY
                if signed_out
                else settings.ADMIN_CONTENT_SECURITY_POLICY
            )
            parts.config = policy["DIRECTIVES"]
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every answer (Django sets the other security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response
