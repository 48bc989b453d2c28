// `plumbline rollup-reports`: builds every missing day of the reports' rollups now (the worker
// does the same a few seconds at a time), then prints a JSON summary.
#include <boost/json.hpp>
#include <iostream>
#include <limits>

#include "app/app.hpp"
#include "cli/common.hpp"

namespace plumbline::cli {

int run_rollup_reports(const CommonOptions& common, bool verify) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  auto store = open_current_database(*c);
  if (!store) return exit_database;
  try {
    auto a = app::build(*c, std::move(store));
    auto pass = a->report_rollups->refresh(std::numeric_limits<int>::max());
    if (!pass) {
      std::cerr << "plumbline: rollup-reports failed: " << pass.error().log_detail << "\n";
      return exit_runtime;
    }
    boost::json::object summary{{"stale_cleared", pass.value().stale_cleared},
                                {"days_dropped", pass.value().days_dropped},
                                {"days_built", pass.value().days_built},
                                {"days_missing", pass.value().days_missing}};
    bool agree = true;
    if (verify) {
      auto checked = a->report_rollups->verify_all();
      boost::json::array differ;
      for (const auto& d : checked.differing) differ.push_back(boost::json::value(d));
      summary["days_verified"] = checked.days;
      summary["differing"] = std::move(differ);
      agree = checked.differing.empty();
    }
    std::cout << boost::json::serialize(summary) << std::endl;
    return agree ? exit_ok : exit_runtime;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: rollup-reports failed: " << e.what() << "\n";
    return exit_runtime;
  }
}

}  // namespace plumbline::cli
