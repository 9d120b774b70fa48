"""The APIs: Wagtail's v2 (Django REST framework) router and its endpoints."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.contrib.redirects.api.v2 import RedirectsAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_v2_router = WagtailAPIRouter("wagtailapi")
api_v2_router.register_endpoint("pages", PagesAPIViewSet)
api_v2_router.register_endpoint("images", ImagesAPIViewSet)
api_v2_router.register_endpoint("documents", DocumentsAPIViewSet)
api_v2_router.register_endpoint("redirects", RedirectsAPIViewSet)
