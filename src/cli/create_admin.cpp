// `plumbline create-admin --email E`: password from a terminal prompt, one line of stdin, or
// PLUMBLINE_ADMIN_PASSWORD_FILE — never from the command line, where other users could read it.
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "app/app.hpp"
#include "cli/common.hpp"

namespace plumbline::cli {

namespace {

std::string read_hidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  return line;
}

std::optional<std::string> read_password() {
  if (const char* file = std::getenv("PLUMBLINE_ADMIN_PASSWORD_FILE")) {
    std::ifstream in(file);
    if (!in) {
      std::cerr << "plumbline: PLUMBLINE_ADMIN_PASSWORD_FILE names " << file
                << ", which cannot be read\n";
      return std::nullopt;
    }
    std::string line;
    std::getline(in, line);
    return line;
  }
  if (isatty(STDIN_FILENO)) {
    auto first = read_hidden("Password for the new admin: ");
    auto second = read_hidden("Same password again: ");
    if (first != second) {
      std::cerr << "plumbline: the two passwords are not the same\n";
      return std::nullopt;
    }
    return first;
  }
  std::string line;
  if (!std::getline(std::cin, line)) {
    std::cerr << "plumbline: give the password on standard input (one line) or in "
                 "PLUMBLINE_ADMIN_PASSWORD_FILE\n";
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int run_create_admin(const CommonOptions& common, const std::string& email) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  auto store = open_current_database(*c);
  if (!store) return exit_database;
  try {
    auto password = read_password();
    if (!password) return exit_usage;
    if (c->base_url.empty()) c->base_url = default_base_url(c->listen_host, c->listen_port);
    auto a = app::build(*c, std::move(store));
    auto r = a->accounts->create_admin(email, *password);
    if (!r) {
      std::cerr << "plumbline: " << r.error().message << "\n";
      return r.error().code == domain::ErrorCode::invalid_input ? exit_usage : exit_runtime;
    }
    std::cout << "admin " << r->email << " is ready (id " << r->id << "); log in at " << c->base_url
              << "/login\n";
    return exit_ok;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: create-admin failed: " << e.what() << "\n";
    return exit_runtime;
  }
}

}  // namespace plumbline::cli
