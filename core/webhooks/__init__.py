"""Webhooks: each change of the change log (``core.changes``) POSTed, signed, to the endpoints
the secretariat configures in the admin (docs/api.md "Webhooks").

Delivering from the log means nothing is sent that the changes feed would not show: a page
that was never public never appears. The worker (``manage.py worker``) runs the delivery step
(``delivery.run``) when a change is committed, at each retry's time and when it starts.
"""
