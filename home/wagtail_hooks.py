from wagtail import hooks

from .rich_text import PublicDocumentLinkHandler, PublicPageLinkHandler


# A higher order runs after Wagtail registers its own handlers, so these win.
@hooks.register("register_rich_text_features", order=100)
def register_public_links(features) -> None:
    features.register_link_type(PublicDocumentLinkHandler)
    features.register_link_type(PublicPageLinkHandler)
