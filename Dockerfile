# The portal's production image: gunicorn serving portal.wsgi on port 8000.
# docker-compose.yml builds it for the `web` and `migrate` services; docs/deploy.md
# explains the deployment; tests/site/test_deploy_*.py checks this file.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PORTAL_STATIC_ROOT=/app/static_collected \
    PORTAL_MEDIA_ROOT=/app/media \
    PORTAL_VAR_DIR=/app/var \
    PORTAL_PRIVATE_ROOT=/app/var/private \
    PORTAL_BASE_DIR=/app \
    PYTHONPATH=/app/site:/app

# PORTAL_BASE_DIR tells the settings where themes/ and site/portal/locale live; the
# source tree also stays first on PYTHONPATH so tracebacks point at /app. See
# docs/deploy.md, "Image layout".
WORKDIR /app

# The versions pinned in constraints.txt, the ones CI tests.
COPY pyproject.toml constraints.txt ./
COPY site ./site
COPY plugins ./plugins
COPY search ./search
COPY themes ./themes
COPY docker ./docker
RUN pip install -c constraints.txt . \
    && chmod 0755 docker/entrypoint.sh

# Static files are part of the image. The production settings refuse to load without
# their secrets, so collectstatic gets throw-away values that live only in this step;
# nothing here touches a database.
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    WAGTAILADMIN_BASE_URL=https://build.invalid \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    portal collectstatic --no-input -v0

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home portal \
    && mkdir -p /app/media /app/var/private \
    && chown -R portal:portal /app/media /app/var
USER portal

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=15s --start-period=30s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
