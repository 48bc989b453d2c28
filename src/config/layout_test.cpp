// Unit tests for the installed layout: found from the binary's folder, absent in a build folder,
// and its defaults still overridden by the environment.
#include "config/layout.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace plumbline::config {
namespace {

namespace fs = std::filesystem;

struct TempTree {
  fs::path root = fs::temp_directory_path() / ("plumbline-layout-" + std::to_string(::getpid()));
  TempTree() { fs::create_directories(root / "usr/bin"); }
  ~TempTree() { fs::remove_all(root); }
};

TEST(InstallLayout, IsFoundFromTheBinarysFolderWhenItsShareFolderExists) {
  TempTree t;
  std::string exe = (t.root / "usr/bin/plumbline").string();
  EXPECT_FALSE(installed_layout(exe)) << "no share folder: a build folder, not an install";
  fs::create_directories(t.root / "usr/share/plumbline/templates");
  auto l = installed_layout(exe);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->share_dir, (t.root / "usr/share/plumbline").string());
  EXPECT_EQ(l->config_file, (t.root / "etc/plumbline/plumbline.conf").string());
  EXPECT_EQ(l->state_dir, (t.root / "var/lib/plumbline").string());
}

TEST(InstallLayout, DefaultsPointIntoItAndTheEnvironmentStillWins) {
  InstallLayout l{"/usr/share/plumbline", "/etc/plumbline/plumbline.conf", "/var/lib/plumbline"};
  auto r = load({}, "", installed_defaults(l));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.config.templates_dir, "/usr/share/plumbline/templates");
  EXPECT_EQ(r.config.static_dir, "/usr/share/plumbline/static");
  EXPECT_EQ(r.config.zip_file, "/usr/share/plumbline/data/zips.tsv");
  EXPECT_EQ(r.config.openapi_file, "/usr/share/plumbline/openapi.json");
  EXPECT_EQ(r.config.database_url, "sqlite:/var/lib/plumbline/plumbline.db");
  EXPECT_EQ(r.config.data_dir, "/var/lib/plumbline");
  auto env = load({{"PLUMBLINE_TEMPLATES_DIR", "/srv/t"}}, "", installed_defaults(l));
  EXPECT_EQ(env.config.templates_dir, "/srv/t");
}

}  // namespace
}  // namespace plumbline::config
