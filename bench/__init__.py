"""``make bench``: the site under gunicorn, with production settings on PostgreSQL, measured
against a bare Django view served beside it (docs/performance.md). Not imported by the site."""
