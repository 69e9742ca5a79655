#!/usr/bin/env bash
# Lists newer releases of every dependency and plugin version this build names (one command; see
# docs/dependencies.md). Asks Maven Central, so it needs the network; changes nothing.
# Pre-releases (alpha, beta, milestone, rc, preview) are ignored by the rule set in the parent pom.
# Prints one line per available update, or says that everything is current.
set -euo pipefail
cd "$(dirname "$0")/.."

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Every version is a property: of the parent pom, or of a module for a dependency only it uses
# (hence the whole reactor, storage-bench included with -Pbench). Every plugin is pinned in the
# parent's pluginManagement, so the parent alone (-N) holds those.
if ! ./mvnw -B -ntp -Pbench versions:display-property-updates >"$log" 2>&1 ||
   ! ./mvnw -B -ntp -N versions:display-plugin-updates >>"$log" 2>&1; then
  cat "$log" >&2
  echo "dependency-updates: the versions plugin failed (output above)" >&2
  exit 1
fi

# Keep only the blocks "The following ... updates are available:" and their "a -> b" lines; the
# plugin goal's per-Maven-version listing of older plugin releases is noise here.
updates="$(awk '
  /The following .*updates are available:/ { inblock = 1; next }
  inblock && /->/                          { sub(/^\[INFO\] +/, ""); print; next }
  { inblock = 0 }
' "$log" | sort -u)"

if [[ -z "$updates" ]]; then
  echo "All dependency and plugin versions are the newest releases."
else
  echo "Newer releases available:"
  echo "$updates"
fi
