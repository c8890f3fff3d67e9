# syntax=docker/dockerfile:1
# MedPortal: multi-stage build. CPU by default; for NVIDIA GPUs:
#   docker build --build-arg RUNTIME_BASE=nvidia/cuda:12.4.1-runtime-ubuntu22.04 --build-arg LLAMA_VARIANT=linux-x64-cuda -t medportal:cuda .
# The llama.cpp natives need glibc >= 2.34 (both bases qualify).
ARG RUNTIME_BASE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG LLAMA_VARIANT=linux-x64

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig MedPortal.sln ./
COPY src/ src/
COPY tools/ tools/
RUN dotnet publish src/MedPortal.Web/MedPortal.Web.csproj -c Release -o /app/web \
 && dotnet publish tools/MedPortal.Cli/MedPortal.Cli.csproj -c Release -o /app/cli

FROM node:20-bookworm-slim AS natives
ARG LLAMA_VARIANT
WORKDIR /natives
# Pinned llama.cpp shared libraries shipped in node-llama-cpp's platform packages (no compiler needed).
RUN npm install --no-save --omit=optional --ignore-scripts "@node-llama-cpp/${LLAMA_VARIANT}@3.22.1" \
 && mkdir -p /out && cp -a node_modules/@node-llama-cpp/"${LLAMA_VARIANT}"/bins/*/. /out/

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM ${RUNTIME_BASE} AS runtime
# The CUDA base has no .NET: bring the ASP.NET runtime from the official image (a no-op copy on the default base).
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core libgomp1 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Inference__NativeDirectory=/opt/medportal/natives \
    Inference__ModelsDirectory=/models
# Mount weights at /models and set Inference__ModelPath=/models/<file>.gguf (e.g. from ./medportal model fetch);
# without it the app runs in protocol-only mode. Pdf__ChromiumPath defaults to /usr/bin/chromium, installed above.
WORKDIR /app
COPY --from=build /app/web ./
COPY --from=build /app/cli /opt/medportal/cli
COPY --from=natives /out /opt/medportal/natives
RUN useradd --system --uid 10001 medportal && mkdir -p /models && chown medportal /models
USER medportal
EXPOSE 8080
# Ready = database, live-event listener, inference loop (protocol-only counts) and PDF browser; anonymous callers get
# the status only. A failed model or missing Chromium is Degraded (still 200): the portal keeps serving.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "MedPortal.Web.dll"]
