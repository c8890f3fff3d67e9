# syntax=docker/dockerfile:1
# MedPortal: one multi-stage build, two images that differ only in their base stage.
#   CPU:  docker build -t medportal .
#   GPU:  docker build --build-arg VARIANT=cuda -t medportal:cuda .
# Both run on Debian 12 "bookworm": its chromium is a real package (Ubuntu's, on the CUDA and the .NET 10 images,
# is a stub for a snap that cannot run in a container), and the llama.cpp natives need glibc >= 2.34 (bookworm has 2.36).
# .NET 10 ships no Debian images, so the ASP.NET Core runtime is copied from the official image onto Debian, with the
# libraries it needs (ICU, OpenSSL, zlib) from Debian. What was verified and how: docs/operations.md, scripts/check-images.sh.
ARG VARIANT=cpu
ARG DEBIAN_IMAGE=debian:12-slim
ARG CUDA_PACKAGES="cuda-cudart-12-4 libcublas-12-4"

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig MedPortal.sln ./
COPY src/ src/
COPY tools/ tools/
RUN dotnet publish src/MedPortal.Web/MedPortal.Web.csproj -c Release -o /app/web \
 && dotnet publish tools/MedPortal.Cli/MedPortal.Cli.csproj -c Release -o /app/cli

FROM node:20-bookworm-slim AS natives
ARG VARIANT
WORKDIR /natives
# Pinned llama.cpp shared libraries shipped in node-llama-cpp's platform packages (no compiler needed).
RUN case "${VARIANT}" in cpu) pkg=linux-x64 ;; cuda) pkg=linux-x64-cuda ;; *) echo "VARIANT must be cpu or cuda" >&2; exit 1 ;; esac \
 && npm install --no-save --omit=optional --ignore-scripts "@node-llama-cpp/${pkg}@3.22.1" \
 && mkdir -p /out && cp -a node_modules/@node-llama-cpp/"${pkg}"/bins/*/. /out/

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM ${DEBIAN_IMAGE} AS base-cpu

FROM ${DEBIAN_IMAGE} AS base-cuda
ARG CUDA_PACKAGES
# NVIDIA's CUDA repository for Debian 12: the runtime libraries llama.cpp's CUDA backend links (libcudart, libcublas).
# The driver (libcuda) comes from the host through the NVIDIA container toolkit.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl \
 && curl -fsSLo /tmp/cuda-keyring.deb https://developer.download.nvidia.com/compute/cuda/repos/debian12/x86_64/cuda-keyring_1.1-1_all.deb \
 && dpkg -i /tmp/cuda-keyring.deb && rm /tmp/cuda-keyring.deb \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${CUDA_PACKAGES} \
 && rm -rf /var/lib/apt/lists/*
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    LD_LIBRARY_PATH=/usr/local/cuda/lib64

FROM base-${VARIANT} AS runtime
# Everything below is the same for both images.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates curl tzdata libicu72 libssl3 zlib1g libstdc++6 libgcc-s1 \
      chromium fonts-dejavu-core libgomp1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_EnableDiagnostics=0 \
    Inference__NativeDirectory=/opt/medportal/natives \
    Inference__ModelsDirectory=/models \
    Pdf__ChromiumPath=/usr/bin/chromium
# Give it ConnectionStrings__MedPortal (the runtime role, owns nothing) and ConnectionStrings__MedPortalOwner (owns the
# database; only the migrations at start use it): without the owner's it refuses to start (docs/security.md).
# Mount weights at /models and set Inference__ModelPath=/models/<file>.gguf (e.g. from ./medportal model fetch);
# without it the app runs in protocol-only mode.
WORKDIR /app
COPY --from=build /app/web ./
COPY --from=build /app/cli /opt/medportal/cli
COPY --from=natives /out /opt/medportal/natives
RUN useradd --system --uid 10001 --create-home medportal && mkdir -p /models && chown medportal /models
USER medportal
EXPOSE 8080
# Ready = database, live-event listener, inference loop (protocol-only counts) and PDF browser; anonymous callers get
# the status only. A failed model or missing Chromium is Degraded (still 200): the portal keeps serving.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "MedPortal.Web.dll"]
