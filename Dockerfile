FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    CRM_VAR_DIR=/app/var

# The processes run as this unprivileged user, never as root.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin crm

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN scripts/build-static && mkdir -p var/media && chown -R crm:crm var

USER crm
EXPOSE 8000
CMD ["scripts/start-web"]
