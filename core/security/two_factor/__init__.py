"""Two-factor authentication for the admin, on django-otp.

After the password, a user who has set up an authenticator app gives a six-digit code (or one
of ten single-use recovery codes) before any admin page opens; the secretariat (Kansli) and
superusers must set one up when ``ADMIN_2FA_REQUIRED`` is on (always in production). The
pieces: ``middleware`` (which admin requests need the second factor), ``views`` (set up,
verify, manage, recovery codes), ``devices`` (the user's authenticator and recovery codes), and
``manage.py reset_two_factor`` for an operator when someone loses their phone.
"""
