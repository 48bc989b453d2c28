// Where the checkout is, for tests that read its files (templates, generated data).
#pragma once

#include <cstdlib>
#include <filesystem>

namespace plumbline::testing {

// ctest sets PLUMBLINE_SOURCE_DIR; the path is not compiled in, so that an object file does not
// depend on the clone's folder and a fresh clone reuses the compiler cache. Run by hand, a test
// reads from the working directory.
inline std::filesystem::path source_root() {
  const char* dir = std::getenv("PLUMBLINE_SOURCE_DIR");
  return dir && *dir ? std::filesystem::path(dir) : std::filesystem::path(".");
}

}  // namespace plumbline::testing
