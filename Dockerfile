# The ARKONIS image: one image, two commands (`ark operator`, `ark runtime`).
# Build stage compiles TypeScript; the runtime stage holds production dependencies, dist/,
# bin/ and manifests/ only. Runs as numeric user 10001 and writes nothing outside /tmp, so
# it works with readOnlyRootFilesystem and runAsNonRoot (contract C1).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY hack ./hack
COPY webhooks ./webhooks
COPY bin ./bin
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOME=/tmp \
    npm_config_cache=/tmp/.npm
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY manifests ./manifests
RUN ln -s /app/bin/ark.js /usr/local/bin/ark
USER 10001:10001
EXPOSE 8080 9443
ENTRYPOINT ["ark"]
CMD ["operator"]
