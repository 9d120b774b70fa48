"""The security headers every response carries: Content-Security-Policy and Permissions-Policy.

The policies themselves are settings (``config/settings/base.py``); this middleware decides
which one a response gets. Public pages get ``CONTENT_SECURITY_POLICY`` (or its report-only
twin), strict: scripts only from the site, no inline script. A path listed in
``CONTENT_SECURITY_POLICY_BY_PATH`` gets that policy instead: the admin, whose own templates
run inline scripts, and the API docs.

``frame-ancestors`` follows the response's ``X-Frame-Options``: ``'self'`` where it says
``SAMEORIGIN`` (Wagtail's preview views), ``'none'`` everywhere else.

Wagtail renders a preview by sending a simulated request for the page's public address
(``request.is_dummy``) through the whole middleware stack, inside the admin's request; only
then does its preview view mark the response SAMEORIGIN. So the simulated pass sends no
headers, and the admin request's pass sends the public policy with the final X-Frame-Options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"
# Marks a preview's response: the admin request's pass sends it the public policy.
PREVIEW_RESPONSE = "_security_headers_preview"
REPORTING_ENDPOINTS_HEADER = "Reporting-Endpoints"


def frame_ancestors(response: HttpResponseBase) -> str:
    """Who may frame ``response``: the site itself where X-Frame-Options allows it, else no one."""
    if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
        return "'self'"
    return "'none'"


def path_directives(path: str) -> dict | None:
    """The directives of the policy that covers ``path``, when it is not the public one."""
    for prefix, directives in settings.CONTENT_SECURITY_POLICY_BY_PATH.items():
        if path.startswith(prefix):
            return directives
    return None


def permissions_policy(features: dict[str, list[str]]) -> str:
    """The Permissions-Policy header for ``features``: each feature's allowed origins, ``self``
    for the site itself, none for a feature denied to every origin."""
    items = []
    for feature, origins in features.items():
        allowed = " ".join(origin if origin == "self" else f'"{origin}"' for origin in origins)
        items.append(f"{feature}=({allowed})")
    return ", ".join(items)


def reporting_endpoints(endpoints: dict[str, str]) -> str:
    """The Reporting-Endpoints header: where browsers send the reports a ``report-to`` names."""
    return ", ".join(f'{name}="{url}"' for name, url in endpoints.items())


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware choosing each response's policy by its path; it also sends
    Permissions-Policy and, when reports are collected, Reporting-Endpoints.

    It must come before ``XFrameOptionsMiddleware`` in ``MIDDLEWARE``, so that it sees the
    X-Frame-Options header that one sets.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        mode = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        if not getattr(settings, mode, None):
            # This mode is off: no header of this kind.
            return parts
        if getattr(response, PREVIEW_RESPONSE, False):
            # A page previewed in the admin: the public policy, as readers will get it.
            pass
        elif parts.config is None:
            # A view's own @csp decorator wins; otherwise the policy of the path's part of the site.
            directives = path_directives(request.path_info)
            if directives is not None:
                parts.config = default_config(directives)
        ancestors = frame_ancestors(response)
        parts.replace = {**(parts.replace or {}), "frame-ancestors": ancestors}
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "is_dummy", False):
            # Wagtail's simulated request for a preview: the admin request's pass sends the headers.
            setattr(response, PREVIEW_RESPONSE, True)
            return response
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and PERMISSIONS_POLICY_HEADER not in response:
            response[PERMISSIONS_POLICY_HEADER] = permissions_policy(settings.PERMISSIONS_POLICY)
        if settings.REPORTING_ENDPOINTS and REPORTING_ENDPOINTS_HEADER not in response:
            response[REPORTING_ENDPOINTS_HEADER] = reporting_endpoints(settings.REPORTING_ENDPOINTS)
        return response
