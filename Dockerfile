# nrls-conformance: the mock NRLS (default command, on 0.0.0.0:8080) and the conformance harness
# (`docker run IMAGE run --target URL`, reports in /work/reports: mount a folder there).
#
#   docker build -t nrls-conformance .
#   docker run -p 8080:8080 nrls-conformance
#   docker run -v "$PWD/reports:/work/reports" nrls-conformance run --target http://host.docker.internal:8080
#
# The base image is a build argument, so a machine without registry access can build on a local base
# (.ci/run does: scripts/containers/setup-podman.sh makes localhost/node-base:20 from the machine's Node).
# A TLS-intercepting proxy's CA can be given to npm as a build secret (never stored in a layer):
#   --secret id=npm_ca,src="$NODE_EXTRA_CA_CERTS"
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npm_ca,required=false NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca \
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.js scripts/prune-image.js scripts/
COPY types types
COPY src src
COPY mock-server mock-server
COPY steps steps
COPY features features
COPY fixtures fixtures
# Only the catalogue's text, which the build ships in dist/ for every report folder to hold a copy of.
COPY spec/nrls-api-1.2.md spec/
# The commit the image is built from, for the run identity of its reports (--build-arg NRLS_BUILD_COMMIT=…).
ARG NRLS_BUILD_COMMIT=""
RUN NRLS_BUILD_COMMIT="${NRLS_BUILD_COMMIT}" node scripts/build.js \
 && npm prune --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error \
 && node scripts/prune-image.js /app/node_modules \
 && node -e "require('fs').mkdirSync('/out/work/reports', { recursive: true })"

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY LICENSE README.md ./
# The working folder, where `run` writes its reports, belongs to the unprivileged user.
COPY --from=build --chown=1000:1000 /out/work /work
WORKDIR /work
USER 1000:1000
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/DocumentReference').then(() => process.exit(0), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/nrls-conformance.js"]
CMD ["mock", "--host", "0.0.0.0", "--port", "8080"]
