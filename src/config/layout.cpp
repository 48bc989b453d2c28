// The installed layout: folders relative to the executable, as CMake's install rules place them.
#include "config/layout.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

// CMake passes the install folders relative to the binary's folder (CMakeLists.txt, "Install").
#ifndef PLUMBLINE_REL_SHARE
#define PLUMBLINE_REL_SHARE "../share/plumbline"
#endif
#ifndef PLUMBLINE_REL_CONFIG
#define PLUMBLINE_REL_CONFIG "../../etc/plumbline/plumbline.conf"
#endif
#ifndef PLUMBLINE_REL_STATE
#define PLUMBLINE_REL_STATE "../../var/lib/plumbline"
#endif

namespace plumbline::config {

namespace fs = std::filesystem;

std::string executable_path() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

std::optional<InstallLayout> installed_layout(const std::string& exe_path) {
  if (exe_path.empty()) return std::nullopt;
  fs::path bin = fs::path(exe_path).parent_path();
  std::error_code ec;
  // The templates mark an installed share folder: a build folder has none beside it.
  fs::path share = (bin / PLUMBLINE_REL_SHARE).lexically_normal();
  if (!fs::is_directory(share / "templates", ec)) return std::nullopt;
  return InstallLayout{share.string(), (bin / PLUMBLINE_REL_CONFIG).lexically_normal().string(),
                       (bin / PLUMBLINE_REL_STATE).lexically_normal().string()};
}

Config installed_defaults(const InstallLayout& l) {
  Config c;
  c.templates_dir = l.share_dir + "/templates";
  c.static_dir = l.share_dir + "/static";
  c.zip_file = l.share_dir + "/data/zips.tsv";
  c.password_list = l.share_dir + "/data/common-passwords.txt";
  c.openapi_file = l.share_dir + "/openapi.json";
  c.data_dir = l.state_dir;
  c.database_url = "sqlite:" + l.state_dir + "/plumbline.db";
  return c;
}

}  // namespace plumbline::config
