#!/usr/bin/env bash
# Fails when a file under src/ includes a folder its layer may not use (docs/architecture.md,
# "Layers"). Each folder lists the folders it may include; a folder may always include itself.
# Tests (src/**/*_test.cpp, tests/) may include anything.
set -uo pipefail
cd "$(dirname "$0")/.."

declare -A ALLOWED=(
  [log]=""
  [limits]=""
  [crypto]="log"
  [geo]="log"
  [templating]="log"
  [domain]="geo"
  [store]="domain geo log crypto"
  [integrations]="domain crypto log templating"
  [services]="domain geo store integrations crypto log templating limits"
  [http]="domain crypto log limits"
  [config]="http domain crypto log"
  [web]="http services domain geo integrations crypto log templating config limits"
  [worker]="services store integrations domain crypto log templating config"
  [testpay]="web http services integrations domain crypto log config"
  [app]="web worker testpay services store integrations http config domain geo crypto log templating limits"
  [cli]="app web worker testpay services store integrations http config domain geo crypto log templating limits"
)
bad=0
while IFS= read -r line; do
  file=${line%%:*}
  target=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$line")
  from=$(cut -d/ -f2 <<<"$file")
  [[ $file == src/*/* ]] || continue  # src/main.cpp and src/pch.hpp sit above every layer
  to=${target%%/*}
  [[ $target == */* ]] || continue  # a system or same-folder header
  [[ $from == "$to" ]] && continue
  if [[ -z ${ALLOWED[$from]+x} ]]; then
    echo "$file: folder src/$from/ has no layer in scripts/check-layers.sh"
    bad=1
    continue
  fi
  [[ " ${ALLOWED[$from]} " == *" $to "* ]] && continue
  echo "$file includes $target: src/$from/ may not use src/$to/ (allowed: ${ALLOWED[$from]:-nothing})"
  bad=1
done < <(git ls-files 'src/*.cpp' 'src/*.hpp' | grep -v '_test\.cpp$' | xargs grep -Hn '^#include "')
if ((bad)); then
  echo "layering broken: see docs/architecture.md, Layers"
  exit 1
fi
echo "every include points down a layer"
