#!/usr/bin/env bash
# Fails, naming each file, when a tracked C++ file differs from what clang-format (.clang-format)
# makes of it; `make format` fixes them all.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=()
while IFS= read -r f; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'fuzz/*.cpp' 'fuzz/*.hpp')
if ((${#bad[@]})); then
  echo "not formatted with clang-format (run make format):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "every C++ file is formatted"
