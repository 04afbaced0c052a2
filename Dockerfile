# The site's image: app servers, task workers and the hourly run all start
# from it (README, "Production"; deploy/compose/compose.yaml draws several
# servers with it). Built on Debian's Python image. No secret is baked in:
# every setting comes from the environment when a container starts.
FROM python:3.13-slim-trixie

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# gettext compiles the catalogues; pg_dump and psql back up and restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext make postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /srv/hangzhou-mice hangzhou-mice
WORKDIR /srv/hangzhou-mice/app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# A throwaway key for these two commands only: collectstatic reads the
# settings, which refuse to start without one when DEBUG is off.
RUN make messages \
    && SECRET_KEY=build-only-not-kept DATABASE_URL=postgres://build/none \
       python manage.py collectstatic --noinput -v0

USER hangzhou-mice
EXPOSE 8000
# An app server; a worker runs `python manage.py run_worker --no-reload`,
# the hourly job `python manage.py run_periodic`.
CMD ["gunicorn", "config.wsgi:application", "--bind=0.0.0.0:8000", \
     "--workers=4", "--no-control-socket"]
