"""Caching of what anonymous readers get: whole responses, and the small facts every page needs.

Everything cached here is keyed by one *content version* (``version.py``): any change that can
alter what readers see makes a new version, and every cached answer of the old one is dead at
once. ``middleware.py`` stores whole anonymous responses under it, ``invalidation.py`` says which
changes make a new version, ``frontend.py`` tells a CDN in front of the site, and ``versioned``
keeps small per-site facts (restricted paths, private collections) across requests.
"""
