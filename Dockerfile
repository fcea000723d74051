# syntax=docker/dockerfile:1
# The production images: `--target api` (the Express API) and `--target web` (the Next.js web app).
# compose.yaml builds both and runs them behind nginx; see "Production" in README.md.
# Not run on the development machines (no Docker daemon there): backend/test/cluster runs the same
# topology as processes, with the same nginx proxy settings (deploy/nginx/api-proxy.conf).

ARG NODE_VERSION=20.20

# Every workspace's dependencies, from the lockfile. better-sqlite3 compiles here (build tools).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --no-audit --no-fund

# The web app's production build. NEXT_PUBLIC_API_URL is baked into the browser code: the public
# address of the API (with compose and nginx, the same origin as the web app).
FROM deps AS web-build
ARG NEXT_PUBLIC_API_URL=http://localhost:8080
ENV NEXT_PUBLIC_API_URL=${NEXT_PUBLIC_API_URL} NEXT_TELEMETRY_DISABLED=1
COPY tsconfig.base.json ./
COPY contracts contracts
COPY frontend frontend
RUN npm run build -w frontend

# The API as plain JavaScript (backend/scripts/build.mjs: esbuild bundles our code and the
# contracts into backend/dist; docs/decisions/022-built-api-for-production.md).
FROM deps AS api-build
COPY tsconfig.base.json ./
COPY contracts contracts
COPY backend backend
RUN npm run build -w backend

# Only what production needs: runtime dependencies, no compilers.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime-deps
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS api
ENV NODE_ENV=production PORT=3001 HOST=0.0.0.0
WORKDIR /app
COPY --from=runtime-deps /app/node_modules node_modules
COPY package.json ./
# The bundles (dist/, with the contracts and migrations in them), and the files they read at start.
COPY backend/package.json backend/
COPY backend/knowledge backend/knowledge
COPY backend/store backend/store
COPY --from=api-build /app/backend/dist backend/dist
# The SQLite folder, for a single instance without DATABASE_URL; PostgreSQL needs nothing here.
RUN mkdir -p backend/data && chown node:node backend/data
USER node
WORKDIR /app/backend
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself as PID 1 (not npm in front): SIGTERM reaches the API, which stops open replies,
# stores them and exits. Staff accounts: `node dist/staff.js add ...` in the container.
CMD ["node", "dist/server.js"]

FROM node:${NODE_VERSION}-bookworm-slim AS web
ENV NODE_ENV=production PORT=3000 NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=runtime-deps /app/node_modules node_modules
COPY package.json ./
COPY contracts contracts
# Owned by the user it runs as: Next writes its runtime cache under .next.
COPY --from=web-build --chown=node:node /app/frontend frontend
USER node
WORKDIR /app/frontend
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3000/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Next itself as PID 1 (not npx/npm in front), so SIGTERM reaches it.
CMD ["node", "/app/node_modules/next/dist/bin/next", "start", "-p", "3000"]
