#!/usr/bin/env bash
# Copies the vendored front-end files from node_modules into static/vendor/ (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

# source (under node_modules/)             destination (under static/vendor/)
ASSETS=(
  "bootstrap/dist/css/bootstrap.min.css    bootstrap.min.css"
  "bootstrap/dist/js/bootstrap.bundle.min.js bootstrap.bundle.min.js"
  "htmx.org/dist/htmx.min.js               htmx.min.js"
  "chart.js/dist/chart.umd.min.js          chart.umd.min.js"
  "leaflet/dist/leaflet.css                 leaflet/leaflet.css"
  "leaflet/dist/leaflet.js                  leaflet/leaflet.js"
  "leaflet/dist/images/layers.png           leaflet/images/layers.png"
  "leaflet/dist/images/layers-2x.png        leaflet/images/layers-2x.png"
  "leaflet/dist/images/marker-icon.png      leaflet/images/marker-icon.png"
  "leaflet/dist/images/marker-icon-2x.png   leaflet/images/marker-icon-2x.png"
  "leaflet/dist/images/marker-shadow.png    leaflet/images/marker-shadow.png"
  "swagger-ui-dist/swagger-ui-bundle.js     swagger-ui/swagger-ui-bundle.js"
  "swagger-ui-dist/swagger-ui.css           swagger-ui/swagger-ui.css"
)

mkdir -p static/vendor static/vendor/leaflet/images static/vendor/swagger-ui
copied=0
for entry in "${ASSETS[@]}"; do
  read -r src dst <<<"$entry"
  if [ ! -f "node_modules/$src" ]; then
    echo "copy-assets: missing node_modules/$src (run npm ci)" >&2
    exit 1
  fi
  # Only rewrite when the content differs, so mtimes (and caches keyed on them) stay put.
  if ! cmp -s "node_modules/$src" "static/vendor/$dst"; then
    cp "node_modules/$src" "static/vendor/$dst.tmp"
    mv "static/vendor/$dst.tmp" "static/vendor/$dst"
    copied=$((copied + 1))
  fi
done
echo "copy-assets: ${#ASSETS[@]} files in static/vendor ($copied updated)"
