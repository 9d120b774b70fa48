"""Factories for every page type, snippet, image, document and StreamField block, one module per
app: ``core`` (images, documents, shared blocks, locales, ``SingletonPageFactory``), ``home``,
``articles``, ``consultation_responses``, ``events`` and ``members``.

A page factory's parent is a sub-factory, so ``ArticlePageFactory()`` builds the whole branch:
the migration's home page, a news index under it, and the article. Singletons (the home page,
the indexes, the film page) are fetched when they already exist, so repeated calls respect
``max_count`` and ``max_count_per_parent``.
"""
