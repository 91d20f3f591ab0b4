# syntax=docker/dockerfile:1
#
# One image for all five filon apps. The command picks the app (ENTRYPOINT is `node`):
#
#   docker run filon:local dist/apps/gateway/main.js            # run the gateway (default CMD)
#   docker run filon:local dist/apps/companies/main.js          # run a service
#   docker run filon:local dist/apps/companies/main.js migrate  # run its migrations, then exit 0
#
# Apps: gateway (PORT, default 3000), companies (OPS_PORT 3101), contacts (3102),
# campaigns (3103), conventions (3104). See deploy/README.md.

# Debian (glibc) rather than Alpine: argon2 loads a prebuilt glibc binary from its npm package.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------
# build: all dependencies (the Nest CLI and rspack are dev dependencies), then
# bundle every app into dist/apps/<app>/main.js, and the web app into dist/web (Vite).
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Manifests first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --no-audit --no-fund

COPY . .
RUN npm run build

# ---------------------------------------------------------------------------
# runtime: production dependencies only (the bundles keep node_modules as
# externals) plus dist/, owned by root and run as the unprivileged `node` user
# (uid 1000), so the app cannot rewrite its own code.
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

LABEL org.opencontainers.image.title="filon" \
      org.opencontainers.image.description="Open-source prospecting CRM (gateway + companies, contacts, campaigns, conventions)" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"

# HOST: inside a container the HTTP listeners (gateway PORT, services OPS_PORT)
# must bind all interfaces, not 127.0.0.1, or probes and port publishing fail.
# NODE_OPTIONS: a 32 MB young generation, as npm start gives the apps (APP_NODE_OPTIONS in
# scripts/lib/environment.mjs says why).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--max-semi-space-size=32

WORKDIR /app

# package.json also has to be present at run time: it carries "type": "module".
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --no-audit --no-fund

# The whole dist/: the five bundles and dist/web, the web app the gateway serves at `/`.
COPY --from=build /app/dist ./dist

# The reference CSVs (NAF, size bands, postal codes, ROME): the companies migration loads them.
# It finds /app/data from the working directory; FILON_DATA_DIR can point elsewhere.
COPY data ./data

USER node

EXPOSE 3000 3101 3102 3103 3104

# Shared by all five apps: the gateway sets PORT, each service sets OPS_PORT
# (compose and the Kubernetes manifests set exactly one of them per container).
# No curl in slim images, so node's own fetch does the probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||process.env.OPS_PORT||3000)+'/health/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# node runs as PID 1 here (Kubernetes): the apps must handle SIGTERM themselves
# (Nest: app.enableShutdownHooks()). docker-compose.yml adds an init process.
ENTRYPOINT ["node"]
CMD ["dist/apps/gateway/main.js"]
