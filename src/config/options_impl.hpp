// Internal: the option rows with their setters, shared by options.cpp and load.cpp.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace plumbline::config {

struct Option {
  OptionInfo info;
  // Parses and stores the value; returns a message when it is invalid.
  std::function<std::optional<std::string>(Config&, const std::string&)> set;
};

const std::vector<Option>& options();

}  // namespace plumbline::config
