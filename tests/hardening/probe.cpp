// A tiny program built with the project's hardening flags less one, to show that
// scripts/check-hardening.sh notices each flag missing (tests/hardening/CMakeLists.txt).
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  // A stack array (stack protector) filled by calls FORTIFY rewrites to checked ones.
  char name[16];
  std::strncpy(name, argc > 0 ? argv[0] : "", sizeof name - 1);
  name[sizeof name - 1] = '\0';
  std::printf("%s\n", name);
  return 0;
}
