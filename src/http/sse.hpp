// EventStream: a server-sent-events response body that producers fill from any thread while the
// server writes it out (no Beast types here; http/server.cpp pumps it).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/response.hpp"

namespace plumbline::http {

class EventStream {
 public:
  explicit EventStream(std::chrono::seconds heartbeat = std::chrono::seconds(15),
                       std::size_t max_pending_bytes = 1 << 20);

  // --- producers (any thread) ---
  // Queues one event ("id: …\nevent: …\ndata: …\n\n"; multi-line data is split into data: lines).
  // Returns false once the stream is closed, or when the client reads too slowly and the queue
  // passed its limit (the stream is closed then).
  bool send(std::string_view event, std::string_view data, std::string_view id = {});
  // Queues a comment line (": text"), e.g. a heartbeat.
  bool comment(std::string_view text);
  // Queues "retry: ms", the client's reconnection delay.
  bool retry(std::chrono::milliseconds delay);
  // Ends the stream: the server closes the connection after writing what is queued. Runs the
  // on_close callbacks once (outside any lock).
  void close();
  bool closed() const;
  // Runs fn once when the stream closes (at once when it is closed already).
  void on_close(std::function<void()> fn);

  // --- the server ---
  // Takes everything queued so far (empty when nothing is).
  std::string take();
  // Called (from the producer's thread) whenever data is queued or the stream closes.
  void set_waker(std::function<void()> waker);
  std::chrono::seconds heartbeat() const { return heartbeat_; }

 private:
  bool append(std::string text);
  std::chrono::seconds heartbeat_;
  std::size_t max_pending_;
  mutable std::mutex mu_;
  std::string pending_;
  bool closed_ = false;
  std::function<void()> waker_;
  std::vector<std::function<void()>> on_close_;
};

// Formats one event in the text/event-stream syntax.
std::string format_event(std::string_view event, std::string_view data, std::string_view id);

// A 200 response that streams `stream` (Content-Type text/event-stream, no-store, no proxy
// buffering).
Response event_stream_response(std::shared_ptr<EventStream> stream);

}  // namespace plumbline::http
