# One image for all three services (clinical subgraph, demographic subgraph, gateway).
# The image has no default command: each service in docker-compose.yml sets its own, e.g.
#   npx tsx subgraphs/clinical/main.ts
FROM node:20-slim

WORKDIR /app

# Dependencies first, so that source changes reuse this layer. Dev dependencies are kept on
# purpose: the services run their TypeScript with tsx. `prepare` (the console's build) needs the
# sources, so it runs after they are copied.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts && npm cache clean --force

# Sources (see .dockerignore). Owned by root and read-only for the runtime user.
COPY . .
RUN npm run build:console

# Run as the unprivileged `node` user that the base image provides.
USER node
