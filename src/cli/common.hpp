// Shared steps of the subcommands: load config (exit on errors), open the store, check the schema.
#pragma once
#include <memory>
#include <optional>

#include "cli/cli.hpp"
#include "config/config.hpp"
#include "store/store.hpp"

namespace plumbline::cli {

// Loads and validates configuration; prints every problem and returns nullopt when it is invalid.
std::optional<config::Config> load_config(const CommonOptions& common);

// The base URL when PLUMBLINE_BASE_URL is unset: http://<listen host>:<port> (IPv6 in brackets).
std::string default_base_url(const std::string& host, int port);

// Opens the database; prints a message for a person and returns null when it cannot.
std::unique_ptr<store::Store> open_database(const config::Config& c);

// Opens the database and checks that its schema is current; prints what to do and returns null
// otherwise.
std::unique_ptr<store::Store> open_current_database(const config::Config& c);

}  // namespace plumbline::cli
