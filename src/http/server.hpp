// The HTTP/1.1 server: Beast + Asio coroutines, limits and deadlines, handlers on a pool, graceful
// stop.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace plumbline::http {

struct ServerOptions {
  std::string setting = "PLUMBLINE_LISTEN";  // the setting named in start-up errors
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port; see Server::port()
  int io_threads = 2;
  int handler_threads = 64;
  int max_connections = 10000;
  int max_connections_per_address = 0;          // 0 = no per-address cap
  std::vector<std::string> uncapped_addresses;  // e.g. trusted proxies
  std::size_t max_header_bytes = 8 * 1024;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds shutdown_grace{10};
};

struct ServerStats {
  long open_connections = 0;
  long rejected_connections = 0;  // over either cap
};

class Server {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();
  // Binds and listens; throws std::runtime_error naming the address when it cannot.
  void listen();
  int port() const;
  // Serves until SIGINT/SIGTERM (or stop()), then drains in-flight requests for up to the grace
  // period.
  void run(const std::function<void()>& on_draining = {});
  // Starts the same graceful stop as a signal.
  void stop();
  ServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plumbline::http
