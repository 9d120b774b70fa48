from wagtail import hooks

from .rich_text import PublicDocumentLinkHandler


# A higher order runs after wagtail.documents registers its own handler, so this one wins.
@hooks.register("register_rich_text_features", order=100)
def register_public_document_links(features) -> None:
    features.register_link_type(PublicDocumentLinkHandler)
