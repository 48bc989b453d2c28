// Where an installed binary finds its files: the install folders, relative to the executable.
#pragma once
#include <optional>
#include <string>

#include "config/config.hpp"

namespace plumbline::config {

// The folders of an installed copy (cmake --install, the Debian package): for /usr/bin/plumbline,
// /usr/share/plumbline, /etc/plumbline/plumbline.conf and /var/lib/plumbline. Found from the
// executable's own path, so that a copy staged under a DESTDIR finds its files there too.
struct InstallLayout {
  std::string share_dir;    // templates/, static/, data/, openapi.json
  std::string config_file;  // read when neither --config nor PLUMBLINE_CONFIG names one
  std::string state_dir;    // the SQLite database, secrets, mail, backups
};

// The layout of the binary at `exe_path` when its share folder exists, or nullopt (a checkout's
// build, which keeps the folder-relative defaults of Config).
std::optional<InstallLayout> installed_layout(const std::string& exe_path);

// The running executable's path (/proc/self/exe), or empty when it cannot be read.
std::string executable_path();

// Config defaults pointing into an installed layout (options still override each of them).
Config installed_defaults(const InstallLayout& layout);

}  // namespace plumbline::config
