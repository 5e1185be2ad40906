#!/usr/bin/env bash
# Pins the base images of app/Dockerfile and the OAuth2 Proxy image (infra/config/environmentDefaults.ts) to the
# digests their tags point at now, written as <tag>@sha256:<digest>. Run by .github/workflows/pin-image-digests.yml on
# GitHub, where a registry is reachable; run it again to move to newer digests (Dependabot moves the Dockerfile's).
#
#   pin-image-digests.sh [repository root, default .]
set -euo pipefail

root="${1:-.}"
dockerfile="$root/app/Dockerfile"
defaults="$root/infra/config/environmentDefaults.ts"
# The chart's image: <registry>/<repository>:<tag> (oauth2-proxy/manifests helm/oauth2-proxy/values.yaml, templates/deployment.yaml).
proxy_image="quay.io/oauth2-proxy/oauth2-proxy"
digest_pattern='^sha256:[a-f0-9]{64}$'

# The digest of the tag's manifest (the index of a multi-platform image), as the registry answers now.
digest_of() {
  local digest
  digest="$(docker buildx imagetools inspect "$1" --format '{{json .Manifest}}' | jq -r '.digest')"
  [[ "$digest" =~ $digest_pattern ]] || { echo "no digest for $1 (got '$digest')" >&2; return 1; }
  echo "$digest"
}

# FROM [--flag ...] <image>[@sha256:...] [AS <stage>]: the image without any digest it already has.
images="$(awk 'toupper($1) == "FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { sub(/@sha256:[a-f0-9]+$/, "", $i); print $i; break } }' "$dockerfile" | sort -u)"
while read -r image; do
  [[ -n "$image" ]] || continue
  pinned="${image}@$(digest_of "$image")"
  awk -v image="$image" -v pinned="$pinned" '
    toupper($1) == "FROM" {
      for (i = 2; i <= NF; i++) if ($i !~ /^--/) { current = $i; sub(/@sha256:[a-f0-9]+$/, "", current); if (current == image) $i = pinned; break }
    }
    { print }' "$dockerfile" >"$dockerfile.pinned"
  mv "$dockerfile.pinned" "$dockerfile"
  echo "app/Dockerfile: $pinned"
done <<<"$images"

tag="$(sed -nE 's/^[[:space:]]*oauth2ProxyImageTag: "([^"@]+)(@sha256:[a-f0-9]{64})?",?$/\1/p' "$defaults")"
[[ -n "$tag" ]] || { echo "no oauth2ProxyImageTag in $defaults" >&2; exit 1; }
digest="$(digest_of "$proxy_image:$tag")"
sed -i -E "s/^([[:space:]]*oauth2ProxyImageTag: \")[^\"]+(\",?)$/\1${tag}@${digest}\2/" "$defaults"
grep -q "oauth2ProxyImageTag: \"${tag}@${digest}\"" "$defaults" || { echo "could not write the digest into $defaults" >&2; exit 1; }
echo "infra/config/environmentDefaults.ts: $proxy_image:$tag@$digest"
