# syntax=docker/dockerfile:1
# Impact Workshop Kit for Trust IT: a multi-stage build that ends in a small image running gunicorn
# as an unprivileged user. Configuration comes from the environment (see README "Configuration");
# database migrations are applied when the container starts (docker/entrypoint.sh).
#
#   docker build -t impact-kit .
#   docker compose up -d          # the kit, PostgreSQL and Redis (compose.yaml)

# 1. Front-end packages from the npm registry, exactly as package-lock.json pins them.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# 2. A wheel of the kit, with the npm files copied into its package data by the build.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY . .
COPY --from=assets /src/node_modules ./node_modules
RUN python -m pip install --no-cache-dir --upgrade pip build \
 && python -m build --wheel --outdir /dist

# 3. The image that runs: the wheel and its pinned dependencies, no compiler, no Node, no tests.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    IMPACT_KIT_INSTANCE=/data \
    HOST=0.0.0.0 \
    PORT=8000
COPY requirements.txt /tmp/requirements.txt
COPY --from=build /dist/*.whl /tmp/
RUN python -m pip install --no-cache-dir -r /tmp/requirements.txt \
 && python -m pip install --no-cache-dir --no-deps /tmp/*.whl \
 && rm /tmp/*.whl /tmp/requirements.txt \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin kit \
 && mkdir -p /data && chown kit:kit /data && chmod 0700 /data
COPY gunicorn.conf.py /etc/impact-kit/gunicorn.conf.py
COPY docker/entrypoint.sh /usr/local/bin/impact-kit-entrypoint
USER kit
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]
ENTRYPOINT ["/usr/local/bin/impact-kit-entrypoint"]
