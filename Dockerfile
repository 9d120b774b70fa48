# The site's image: gunicorn serving config.wsgi, or `python manage.py worker` as the command
# (compose.yaml, docs/deploy.md "Containers"). Slim, non-root, static files collected at build.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

# The locked dependencies first, so that a change of the code reuses this layer.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

COPY . .

# collectstatic needs settings, not a database or real secrets: values for this step only.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 WAGTAILADMIN_BASE_URL=http://localhost \
    python manage.py collectstatic --no-input --verbosity 0 \
    && rm -f /tmp/collectstatic.sqlite3

RUN useradd --create-home --uid 10001 smakom \
    && mkdir -p /app/media \
    && chown smakom /app/media
USER smakom

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz/', timeout=4).status != 200)"]

CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--preload", "--timeout", "30"]
