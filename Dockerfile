# StockBook container image (BuildKit required: DOCKER_BUILDKIT=1 or `docker buildx build`).
#
# Targets:
#   runtime   (default, the last stage) node on Debian bookworm-slim, non-root uid 1000
#             docker build -t stockbook/app .
#   hardened  distroless Node: no shell, no package manager, uid 65532
#             docker build --target hardened -t stockbook/app:hardened .
#
# Both run the same entry point, a node program (dist/cli/main.js): `serve` (the default CMD) waits
# for the database with backoff (DB_WAIT_TIMEOUT), migrates under an advisory lock, then serves on
# port 8000. Override CMD to run another command: `docker run --rm IMAGE migrate`, `... healthcheck`.
#
# Every base image is a build argument so that mirrors and air-gapped registries can be used:
#   --build-arg NODE_IMAGE=...  --build-arg DISTROLESS_IMAGE=...
# OCI labels come from --build-arg VERSION, REVISION, CREATED, SOURCE.

ARG NODE_IMAGE=node:22-bookworm-slim
ARG DISTROLESS_IMAGE=gcr.io/distroless/nodejs22-debian12:nonroot

# ---------------------------------------------------------------------------------------------------
# deps: every dependency (dev included) for building. Only the manifest and lockfile are copied, so
# this layer is reused until they change. Runs on the build machine's platform: its output (compiled
# JavaScript) does not depend on the target platform.
FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --loglevel=warn

# ---------------------------------------------------------------------------------------------------
# build: compile the service (src/ -> dist/) and, where the project has one, the web interface.
# The context is filtered by .dockerignore (no tests, docs, .git, node_modules, data, env files).
FROM deps AS build
COPY . .
# The service: src/ -> dist/ with `npm run build` (scripts/build.mjs: esbuild, one JavaScript file per
# TypeScript file, about 0.1 s). Type checking is the job of `npm run typecheck` in CI and of the
# `verify` job before an image is pushed; here it would make a rebuild after a one-line change take
# ~4 s instead of ~0.1 s (budget: a rebuild <= 25 % of a cold build). The same build makes the web
# interface (web/ -> web/dist, Vite, with precompressed .br and .gz beside each asset).
RUN npm run build

# ---------------------------------------------------------------------------------------------------
# prod-deps: production dependencies only, for the target platform (native prebuilt packages such
# as @node-rs/argon2 resolve to the target's binary), then pruned of what never runs: type
# declarations, source maps, sources of TypeScript, markdown, packages' own tests and examples, the
# browser bundles (umd, iife) that some ship beside their Node builds, and PGlite's optional extensions
# (2 MB of archives StockBook never loads).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=warn \
    && find node_modules -type d \( -name test -o -name tests -o -name __tests__ -o -name .github \
         -o -name example -o -name examples -o -name benchmark -o -name benchmarks -o -name coverage \) \
         -prune -exec rm -rf {} + \
    && find node_modules -path '*/dist/*' -type d \( -name umd -o -name iife \) \
         -prune -exec rm -rf {} + \
    && rm -f node_modules/@electric-sql/pglite/dist/*.tar.gz \
    && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' \
         -o -name '*.ts' -o -name '*.tsbuildinfo' -o -name '*.md' -o -name '*.markdown' \) -delete \
    && mkdir -p data

# ---------------------------------------------------------------------------------------------------
# hardened: distroless Node (no shell, no package manager). Everything is exec form; the base
# image's own ENTRYPOINT is node, replaced here by node + the entry script so that CMD is only the
# command, exactly as in the runtime target.
FROM ${DISTROLESS_IMAGE} AS hardened
# The heap is capped so the service stays near 150 MB under load (V8 grows it lazily otherwise); its
# live data is small, since holdings are read from stored positions. glibc's fixed mmap threshold returns
# what V8's threads free at start (the embedded database's process: 245 MB under the bench, from 289).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=160 \
    MALLOC_MMAP_THRESHOLD_=262144 \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps --chown=65532:65532 /app/data ./data
COPY package.json ./
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/dist ./dist
USER 65532:65532
EXPOSE 8000
# The health check is the CLI's `healthcheck` (GET /health, exit 1 on non-2xx or after 3 s), loaded
# on its own: `main.js healthcheck` would load the whole service first (~6x the CPU and twice the
# memory of this, on every probe). Docker < 25 has no --start-interval and probes first after one
# interval, so a short interval is what makes `docker run` -> healthy take ~3 s (budget: 5 s); a probe
# costs ~70 ms of CPU. docker-compose.prod.yml lengthens it for long-running replicas.
HEALTHCHECK --interval=2s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/nodejs/bin/node", "--input-type=module", "-e", "import { healthcheck } from '/app/dist/cli/healthcheck.js'; process.exit(await healthcheck(Number(process.env.PORT) || 8000));"]
ENTRYPOINT ["/nodejs/bin/node", "/app/dist/cli/main.js"]
CMD ["serve"]
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="StockBook" \
      org.opencontainers.image.description="Self-hosted tracker for a family's stock investments (hardened, distroless)" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"

# ---------------------------------------------------------------------------------------------------
# runtime (default): node on Debian slim, non-root. Application files belong to root and are
# read-only for the service's user; only data/ (embedded database when DATABASE_URL is unset) is
# writable.
FROM ${NODE_IMAGE} AS runtime
# The heap is capped so the service stays near 150 MB under load (V8 grows it lazily otherwise); its
# live data is small, since holdings are read from stored positions. glibc's fixed mmap threshold returns
# what V8's threads free at start (the embedded database's process: 245 MB under the bench, from 289).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=160 \
    MALLOC_MMAP_THRESHOLD_=262144 \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps --chown=1000:1000 /app/data ./data
COPY package.json ./
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/dist ./dist
USER 1000:1000
EXPOSE 8000
# See the hardened stage: the CLI's health check (3 s timeout), loaded without the whole service.
HEALTHCHECK --interval=2s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "--input-type=module", "-e", "import { healthcheck } from '/app/dist/cli/healthcheck.js'; process.exit(await healthcheck(Number(process.env.PORT) || 8000));"]
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["serve"]
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="StockBook" \
      org.opencontainers.image.description="Self-hosted tracker for a family's stock investments" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
