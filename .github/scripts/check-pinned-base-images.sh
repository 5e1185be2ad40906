#!/usr/bin/env bash
# Fails when a FROM line of the Dockerfile names an image without a digest (<image>[:<tag>]@sha256:<64 hex>).
# deploy-dev.yml runs it before dev builds: the digest dev makes is the one prod promotes, so its bases must be fixed.
# pin-image-digests.yml writes the digests; Dependabot's docker ecosystem moves them from then on.
set -euo pipefail

dockerfile="${1:?usage: check-pinned-base-images.sh <Dockerfile>}"
stages="$(awk 'toupper($1) == "FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; break } }' "$dockerfile")"
[[ -n "$stages" ]] || { echo "::error::$dockerfile has no FROM line" >&2; exit 1; }
unpinned="$(grep -Ev '@sha256:[a-f0-9]{64}$' <<<"$stages" || true)"
if [[ -n "$unpinned" ]]; then
  while read -r image; do
    echo "::error file=$dockerfile::base image $image is not pinned by digest: run the 'Pin image digests' workflow and merge its pull request" >&2
  done <<<"$unpinned"
  exit 1
fi
echo "every base image of $dockerfile is pinned by digest"
