// Beast/Asio HTTP server: one coroutine per connection on a strand, handlers on a thread pool.
#include "http/server.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http/errors.hpp"
#include "http/head.hpp"
#include "http/sse.hpp"
#include "http/target.hpp"

namespace plumbline::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

// What is written instead of a response whose headers are unsafe (the router refuses those first;
// this covers headers the outer chain added).
Response unsafe_header_refusal() {
  auto res = Response::text(500, "Internal Server Error\n");
  res.close_connection = true;
  return res;
}

struct Connection {
  beast::tcp_stream stream;
  std::string address;  // the peer's address, counted against the per-address cap ("" = uncapped)
  std::atomic<bool> busy{false};
  std::shared_ptr<EventStream> events;  // set while streaming server-sent events (under conns_mu)
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
};

struct Server::Impl {
  ServerOptions opts;
  const Router& router;
  asio::io_context ioc;
  asio::thread_pool handlers;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  std::atomic<long> open{0};
  std::atomic<long> rejected{0};
  std::atomic<bool> draining{false};
  std::mutex conns_mu;
  std::set<std::shared_ptr<Connection>> conns;
  std::map<std::string, int, std::less<>> per_address;  // open connections by peer (under conns_mu)
  std::function<void()> on_draining;

  Impl(ServerOptions o, const Router& r)
      : opts(std::move(o)),
        router(r),
        handlers(static_cast<std::size_t>(std::max(1, opts.handler_threads))) {}

  // Writes a response built outside the handler pool (protocol errors) through the router's outer
  // chain.
  Response protocol_error(const std::string& method, const std::string& target,
                          const std::string& ip, domain::ErrorCode code, std::string_view message) {
    Request req;
    req.method = method.empty() ? "GET" : method;
    req.target = target;
    std::string path, query;
    req.path = split_target(target, path, query) ? path : "/";
    req.remote_ip = ip;
    req.peer_ip = ip;
    req.received_at = std::chrono::steady_clock::now();
    // Built here, not as a braced temporary in the caller's co_await expression: GCC 12 destroys
    // such temporaries in coroutines twice.
    auto error = domain::Error::make(code, std::string(message));
    return router.respond(req, [&error](Request& r) { return error_response(r, error); });
  }

  awaitable<void> write(Connection& conn, Response res, unsigned version, bool keep_alive,
                        bool head) {
    if (first_unsafe_header(res)) res = unsafe_header_refusal();  // never written as it is
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    for (auto& [k, v] : res.headers) out.insert(k, v);  // insert: Set-Cookie may repeat
    auto size = res.body.size();
    if (!head) out.body() = std::move(res.body);
    out.keep_alive(keep_alive);
    if (res.status != 204 && res.status != 304 && !(res.status >= 100 && res.status < 200))
      out.content_length(size);
    conn.stream.expires_after(opts.body_timeout);
    auto [ec, n] = co_await bhttp::async_write(conn.stream, out, tuple_awaitable);
    (void)n;
    if (ec) throw beast::system_error(ec);
  }

  // Writes a server-sent-events response: the head, then whatever the stream queues, a heartbeat
  // comment when it is quiet, until the stream closes, the client goes away or the server drains.
  // Runs on the connection's strand; no handler thread is held.
  awaitable<void> stream_events(std::shared_ptr<Connection> conn, Response res, unsigned version) {
    auto events = res.stream;
    {
      std::lock_guard lk(conns_mu);
      conn->events = events;
    }
    if (draining) events->close();
    if (first_unsafe_header(res)) {
      events->close();
      co_await write(*conn, unsafe_header_refusal(), version, false, false);
      co_return;
    }
    bhttp::response<bhttp::empty_body> out{static_cast<bhttp::status>(res.status), version};
    for (auto& [k, v] : res.headers) out.insert(k, v);  // insert: Set-Cookie may repeat
    out.keep_alive(false);                              // the body ends when the connection closes
    bhttp::response_serializer<bhttp::empty_body> sr{out};
    conn->stream.expires_after(opts.body_timeout);
    auto [hec, hn] = co_await bhttp::async_write_header(conn->stream, sr, tuple_awaitable);
    (void)hn;
    conn->stream.expires_never();  // quiet streams are kept alive by heartbeats, not deadlines
    auto exec = conn->stream.get_executor();
    auto wake = std::make_shared<asio::steady_timer>(exec);
    std::weak_ptr<asio::steady_timer> weak = wake;
    events->set_waker([weak, exec] {
      asio::post(exec, [weak] {
        if (auto t = weak.lock()) t->cancel();
      });
    });
    if (!hec) {
      // The client sends nothing more on this connection: a finished read means it went away.
      asio::co_spawn(
          exec,
          [conn, events]() -> awaitable<void> {
            char scrap[256];
            for (;;) {
              auto [ec, n] = co_await conn->stream.socket().async_read_some(asio::buffer(scrap),
                                                                            tuple_awaitable);
              (void)n;
              if (ec) break;
            }
            events->close();
          },
          asio::detached);
      for (;;) {
        std::string chunk = events->take();
        if (chunk.empty()) {
          if (events->closed()) break;
          wake->expires_after(events->heartbeat());
          auto [tec] = co_await wake->async_wait(tuple_awaitable);
          if (tec) continue;  // woken: data queued or the stream closed
          chunk = ": heartbeat\n\n";
        }
        conn->stream.expires_after(opts.body_timeout);
        auto [wec, wn] =
            co_await asio::async_write(conn->stream, asio::buffer(chunk), tuple_awaitable);
        (void)wn;
        if (wec) break;
        conn->stream.expires_never();
      }
    }
    events->set_waker({});
    events->close();
    {
      std::lock_guard lk(conns_mu);
      conn->events.reset();
    }
    beast::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    conn->stream.socket().close(ignored);
  }

  // Writes a streamed body (Response::producer): the head, then each piece as the producer makes
  // it, run on the handler pool because it may read the database; HTTP/1.1 chunks, or for
  // HTTP/1.0 a body that ends when the connection closes. Only one piece is held at a time. A
  // producer that throws leaves the body unfinished (no last chunk) and the connection is closed,
  // so the client sees a broken download rather than a short file. Returns whether the
  // connection may serve another request.
  awaitable<bool> write_produced(Connection& conn, Response res, unsigned version,
                                 bool keep_alive) {
    if (first_unsafe_header(res)) {
      co_await write(conn, unsafe_header_refusal(), version, false, false);
      co_return false;
    }
    const bool chunked = version >= 11;
    bhttp::response<bhttp::empty_body> out{static_cast<bhttp::status>(res.status), version};
    for (auto& [k, v] : res.headers) out.insert(k, v);
    out.keep_alive(chunked && keep_alive);
    if (chunked) out.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> sr{out};
    conn.stream.expires_after(opts.body_timeout);
    auto [hec, hn] = co_await bhttp::async_write_header(conn.stream, sr, tuple_awaitable);
    (void)hn;
    if (hec) throw beast::system_error(hec);
    BodyProducer next = std::move(res.producer);
    for (bool more = true; more;) {
      std::string piece;
      more = co_await asio::co_spawn(
          handlers, [&]() -> awaitable<bool> { co_return next(piece); }, use_awaitable);
      if (piece.empty()) continue;  // an empty chunk would end a chunked body
      conn.stream.expires_after(opts.body_timeout);
      beast::error_code wec;
      if (chunked) {
        std::tie(wec, std::ignore) = co_await asio::async_write(
            conn.stream, bhttp::make_chunk(asio::buffer(piece)), tuple_awaitable);
      } else {
        std::tie(wec, std::ignore) =
            co_await asio::async_write(conn.stream, asio::buffer(piece), tuple_awaitable);
      }
      if (wec) throw beast::system_error(wec);
    }
    if (chunked) {
      conn.stream.expires_after(opts.body_timeout);
      auto [lec, ln] =
          co_await asio::async_write(conn.stream, bhttp::make_chunk_last(), tuple_awaitable);
      (void)ln;
      if (lec) throw beast::system_error(lec);
    }
    co_return chunked&& keep_alive;
  }

  awaitable<void> session(std::shared_ptr<Connection> conn) {
    std::string ip;
    beast::error_code ec;
    auto ep = conn->stream.socket().remote_endpoint(ec);
    if (!ec) ip = ep.address().to_string();
    beast::flat_buffer buffer;
    std::uint64_t served = 0;
    try {
      for (;;) {
        if (draining) break;
        // A new connection gets the head deadline from the start; a kept-alive one may idle
        // until its first byte, then the head deadline runs.
        auto head_deadline = std::chrono::steady_clock::now() + opts.header_timeout;
        if (buffer.size() == 0) {
          if (served == 0)
            conn->stream.expires_at(head_deadline);
          else
            conn->stream.expires_after(opts.idle_timeout);
          auto [rec, n] =
              co_await conn->stream.async_read_some(buffer.prepare(4096), tuple_awaitable);
          if (rec) break;
          buffer.commit(n);
        }
        conn->busy = true;
        if (served > 0) head_deadline = std::chrono::steady_clock::now() + opts.header_timeout;
        conn->stream.expires_at(head_deadline);
        // Beast's header_limit only counts bytes it has not parsed yet, so measure the head here:
        // read until the blank line that ends it, and refuse it once it passes the limit.
        bool head_too_large = false, head_read_failed = false;
        for (;;) {
          auto end = head_end(
              std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size()));
          if (end != std::string_view::npos) {
            head_too_large = end > opts.max_header_bytes;
            break;
          }
          if (buffer.size() > opts.max_header_bytes) {
            head_too_large = true;
            break;
          }
          auto [rec, n] =
              co_await conn->stream.async_read_some(buffer.prepare(4096), tuple_awaitable);
          if (rec) {
            head_read_failed = true;
            break;
          }
          buffer.commit(n);
        }
        if (head_read_failed) break;
        if (head_too_large) {
          co_await write(*conn,
                         protocol_error("", "/", ip, domain::ErrorCode::header_too_large,
                                        "The request headers are too large."),
                         11, false, false);
          break;
        }
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(opts.max_header_bytes));
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        auto [hec, hn] =
            co_await bhttp::async_read_header(conn->stream, buffer, parser, tuple_awaitable);
        (void)hn;
        if (hec) {
          if (hec == bhttp::error::header_limit) {
            co_await write(*conn,
                           protocol_error("", "/", ip, domain::ErrorCode::header_too_large,
                                          "The request headers are too large."),
                           11, false, false);
          } else if (hec != beast::error::timeout && hec != asio::error::eof &&
                     hec != asio::error::connection_reset && hec != bhttp::error::end_of_stream &&
                     hec != asio::error::operation_aborted) {
            co_await write(*conn,
                           protocol_error("", "/", ip, domain::ErrorCode::bad_request,
                                          "The request could not be understood."),
                           11, false, false);
          }
          break;
        }
        auto& head = parser.get();
        std::string method(head.method_string());
        std::string target(head.target());
        unsigned version = head.version();
        Request req;
        req.method = method;
        req.target = target;
        req.remote_ip = ip;
        req.peer_ip = ip;
        req.received_at = std::chrono::steady_clock::now();
        std::string authority;  // set by an absolute-form target
        if (head.method() == bhttp::verb::unknown ||
            !split_target(target, req.path, req.query, &authority)) {
          co_await write(*conn,
                         protocol_error(method, "/", ip, domain::ErrorCode::bad_request,
                                        "The request target is not valid."),
                         version, false, false);
          break;
        }
        std::size_t limit =
            router.body_limit_for(req.method, req.path, head[bhttp::field::content_type]);
        if (parser.content_length() && *parser.content_length() > limit) {
          // Refuse without reading the body; the connection cannot be reused.
          co_await write(*conn,
                         protocol_error(method, target, ip, domain::ErrorCode::payload_too_large,
                                        "The request body is too large."),
                         version, false, false);
          break;
        }
        parser.body_limit(limit);
        if (auto expect = head[bhttp::field::expect]; beast::iequals(expect, "100-continue")) {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
          co_await bhttp::async_write(conn->stream, cont, use_awaitable);
        }
        if (!parser.is_done()) {
          conn->stream.expires_after(opts.body_timeout);
          auto [bec, bn] =
              co_await bhttp::async_read(conn->stream, buffer, parser, tuple_awaitable);
          (void)bn;
          if (bec == bhttp::error::body_limit) {
            co_await write(*conn,
                           protocol_error(method, target, ip, domain::ErrorCode::payload_too_large,
                                          "The request body is too large."),
                           version, false, false);
            break;
          }
          if (bec) {
            if (bec != beast::error::timeout && bec != asio::error::eof &&
                bec != bhttp::error::partial_message)
              co_await write(*conn,
                             protocol_error(method, target, ip, domain::ErrorCode::bad_request,
                                            "The request body could not be read."),
                             version, false, false);
            break;
          }
        }
        bool keep_alive = head.keep_alive();
        for (const auto& f : head) {
          std::string name(f.name_string());
          for (auto& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          if (name == "host" && !authority.empty()) continue;
          req.headers.emplace_back(std::move(name), std::string(f.value()));
        }
        // RFC 9112 §3.2.2: an absolute-form target's authority replaces the Host header.
        if (!authority.empty()) req.headers.emplace_back("host", authority);
        req.body = std::move(head.body());
        bool is_head = head.method() == bhttp::verb::head;
        // Handlers may block on the database: run them on the handler pool, then resume here.
        Response res = co_await asio::co_spawn(
            handlers,
            [this, &req]() -> awaitable<Response> {
              try {
                co_return router.dispatch(req);
              } catch (...) {
                // The router answers what a handler throws; this is for a throwing outer
                // middleware: logged with the request id, answered 500.
                auto res = exception_response(req);
                co_return res;
              }
            },
            use_awaitable);
        if (res.stream && !is_head) {
          co_await stream_events(conn, std::move(res), version);
          break;
        }
        if (res.stream) res.stream->close();  // HEAD: the head only
        if (res.producer && !is_head) {
          bool may_keep = keep_alive && !draining && !res.close_connection;
          bool kept = co_await write_produced(*conn, std::move(res), version, may_keep);
          conn->busy = false;
          ++served;
          if (!kept) break;
          continue;
        }
        if (draining || res.close_connection) keep_alive = false;
        co_await write(*conn, std::move(res), version, keep_alive, is_head);
        conn->busy = false;
        ++served;
        if (!keep_alive) break;
      }
    } catch (const std::exception&) {
      // Connection-level failure (peer gone, write timeout): just close.
    }
    // Lingering close: stop sending, then discard what the client still sends for a moment so that
    // it reads our response (e.g. a 413 sent before its body) instead of a connection reset.
    beast::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    try {
      std::size_t drained = 0;
      conn->stream.expires_after(std::chrono::seconds(1));
      while (drained < 1024 * 1024) {
        auto [dec, dn] =
            co_await conn->stream.async_read_some(buffer.prepare(16384), tuple_awaitable);
        if (dec) break;
        buffer.consume(buffer.size());
        drained += dn;
      }
    } catch (...) {
    }
    conn->stream.socket().close(ignored);
    {
      std::lock_guard lk(conns_mu);
      conns.erase(conn);
      if (!conn->address.empty()) {
        auto it = per_address.find(conn->address);
        if (it != per_address.end() && --it->second <= 0) per_address.erase(it);
      }
    }
    --open;
  }

  // The address to count a new connection against: "" when the cap is off or the peer is exempt.
  std::string capped_address(const tcp::endpoint& ep) const {
    if (opts.max_connections_per_address <= 0) return {};
    auto addr = ep.address();
    if (addr.is_v6() && addr.to_v6().is_v4_mapped())
      addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
    auto text = addr.to_string();
    for (const auto& exempt : opts.uncapped_addresses)
      if (exempt == text) return {};
    return text;
  }

  awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), tuple_awaitable);
      if (ec) {
        if (ec == asio::error::operation_aborted || draining) co_return;
        continue;  // e.g. EMFILE: keep serving the connections we have
      }
      if (open.load() >= opts.max_connections) {
        ++rejected;
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      beast::error_code peer_ec;
      auto peer = socket.remote_endpoint(peer_ec);
      auto address = peer_ec ? std::string() : capped_address(peer);
      socket.set_option(tcp::no_delay(true));
      auto conn = std::make_shared<Connection>(std::move(socket));
      {
        std::lock_guard lk(conns_mu);
        if (!address.empty()) {
          // One client address may not hold every connection; the rest keep being served.
          int& held = per_address[address];
          if (held >= opts.max_connections_per_address) {
            if (held == 0) per_address.erase(address);
            ++rejected;
            beast::error_code ignored;
            conn->stream.socket().close(ignored);
            continue;
          }
          ++held;
          conn->address = std::move(address);
        }
        conns.insert(conn);
      }
      ++open;
      auto exec = conn->stream.get_executor();
      asio::co_spawn(exec, session(conn), asio::detached);
    }
  }

  void begin_drain() {
    if (draining.exchange(true)) return;
    if (on_draining) on_draining();
    beast::error_code ignored;
    acceptor.close(ignored);
    // Idle connections are closed now; busy ones finish their request, then close; event streams
    // end at once (clients reconnect to another instance with Last-Event-ID).
    std::vector<std::shared_ptr<Connection>> idle;
    std::vector<std::shared_ptr<EventStream>> streams;
    {
      std::lock_guard lk(conns_mu);
      for (auto& c : conns) {
        if (!c->busy) idle.push_back(c);
        if (c->events) streams.push_back(c->events);
      }
    }
    for (auto& s : streams) s->close();
    for (auto& c : idle)
      asio::post(c->stream.get_executor(), [c] {
        if (!c->busy) c->stream.cancel();
      });
    auto deadline = std::chrono::steady_clock::now() + opts.shutdown_grace;
    asio::co_spawn(
        ioc,
        [this, deadline]() -> awaitable<void> {
          asio::steady_timer t(ioc);
          while (open.load() > 0 && std::chrono::steady_clock::now() < deadline) {
            t.expires_after(std::chrono::milliseconds(20));
            co_await t.async_wait(use_awaitable);
          }
          ioc.stop();
        },
        asio::detached);
  }
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() {
  impl_->handlers.join();
}

void Server::listen() {
  auto& i = *impl_;
  beast::error_code ec;
  auto addr = asio::ip::make_address(i.opts.host, ec);
  if (ec)
    throw std::runtime_error(i.opts.setting + " host " + i.opts.host + " is not an IP address");
  tcp::endpoint ep(addr, static_cast<unsigned short>(i.opts.port));
  i.acceptor.open(ep.protocol());
  i.acceptor.set_option(asio::socket_base::reuse_address(true));
  i.acceptor.bind(ep, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + i.opts.host + ":" + std::to_string(i.opts.port) +
                             " (" + i.opts.setting + "): " + ec.message());
  i.acceptor.listen(4096);
}

int Server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void Server::run(const std::function<void()>& on_draining) {
  auto& i = *impl_;
  i.on_draining = on_draining;
  i.signals.async_wait([&i](const beast::error_code& ec, int) {
    if (!ec) i.begin_drain();
  });
  asio::co_spawn(i.ioc, i.accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(1, i.opts.io_threads); ++t)
    threads.emplace_back([&i] { i.ioc.run(); });
  i.ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_drain(); });
}

ServerStats Server::stats() const {
  return {impl_->open.load(), impl_->rejected.load()};
}

}  // namespace plumbline::http
