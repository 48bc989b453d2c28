#!/usr/bin/env bash
# Fails unless the ELF program given is hardened: PIE, full RELRO (GNU_RELRO + BIND_NOW), the stack
# protector (__stack_chk_fail) and FORTIFY (glibc's *_chk functions). Run by ctest on the release
# build (tests/hardening/CMakeLists.txt); reading the headers, not the flags, catches a flag that a
# toolchain or a later option silently drops.
set -uo pipefail
bin=${1:?usage: check-hardening.sh ELF-FILE}
command -v readelf >/dev/null || { echo "readelf (binutils) is missing"; exit 2; }
[ -f "$bin" ] || { echo "$bin: no such file"; exit 2; }

fail=0
check() {  # check WHAT OK?
  if [ "$2" = 1 ]; then echo "ok    $1"; else echo "FAIL  $1"; fail=1; fi
}
header=$(readelf -hW "$bin")
segments=$(readelf -lW "$bin")
dynamic=$(readelf -dW "$bin")
symbols=$(readelf --dyn-syms -W "$bin" | awk '$7 == "UND" {print $8}' | sed 's/@.*//')

# PIE: a shared-object type with the PIE flag (a plain shared library is DYN without it).
has() { grep -qE "$1" <<<"$2" && echo 1 || echo 0; }
check "PIE (ELF type DYN, DT_FLAGS_1 PIE)" \
  $([ "$(has 'Type: +DYN' "$header")" = 1 ] && [ "$(has 'FLAGS_1.*PIE' "$dynamic")" = 1 ] && echo 1 || echo 0)
check "RELRO (a GNU_RELRO segment)" "$(has 'GNU_RELRO' "$segments")"
check "BIND_NOW (DT_FLAGS BIND_NOW or DT_FLAGS_1 NOW: relocations resolved before main, GOT read-only)" \
  "$(has '\(FLAGS\) +.*BIND_NOW|\(FLAGS_1\) +.*\bNOW\b' "$dynamic")"
check "stack protector (imports __stack_chk_fail)" "$(has '^__stack_chk_fail$' "$symbols")"
chk=$(grep -E '^__[a-z0-9_]+_chk$' <<<"$symbols" | grep -v '^__stack_chk_fail$' | tr '\n' ' ')
check "FORTIFY (imports glibc *_chk functions: ${chk:-none})" "$([ -n "$chk" ] && echo 1 || echo 0)"
exit $fail
