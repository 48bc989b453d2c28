// EventStream: queue, formatting and close callbacks for server-sent events.
#include "http/sse.hpp"

namespace plumbline::http {

namespace {
// Appends "field: value\n" for each line of value (CR, LF and CRLF end a line in SSE).
void append_field(std::string& out, std::string_view field, std::string_view value) {
  std::size_t start = 0;
  for (;;) {
    auto end = value.find_first_of("\r\n", start);
    out.append(field).append(": ").append(value.substr(start, end - start)).push_back('\n');
    if (end == std::string_view::npos) break;
    start = end + (value[end] == '\r' && end + 1 < value.size() && value[end + 1] == '\n' ? 2 : 1);
  }
}

std::string one_line(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}
}  // namespace

std::string format_event(std::string_view event, std::string_view data, std::string_view id) {
  std::string out;
  if (!id.empty()) out.append("id: ").append(one_line(id)).push_back('\n');
  if (!event.empty()) out.append("event: ").append(one_line(event)).push_back('\n');
  append_field(out, "data", data);
  out.push_back('\n');
  return out;
}

EventStream::EventStream(std::chrono::seconds heartbeat, std::size_t max_pending_bytes)
    : heartbeat_(heartbeat.count() > 0 ? heartbeat : std::chrono::seconds(15)),
      max_pending_(max_pending_bytes) {}

bool EventStream::append(std::string text) {
  std::function<void()> waker;
  bool overflow = false;
  {
    std::lock_guard lk(mu_);
    if (closed_) return false;
    if (pending_.size() + text.size() > max_pending_)
      overflow = true;
    else
      pending_ += text;
    waker = waker_;
  }
  if (overflow) {
    close();
    return false;
  }
  if (waker) waker();
  return true;
}

bool EventStream::send(std::string_view event, std::string_view data, std::string_view id) {
  return append(format_event(event, data, id));
}

bool EventStream::comment(std::string_view text) {
  return append(": " + one_line(text) + "\n\n");
}

bool EventStream::retry(std::chrono::milliseconds delay) {
  return append("retry: " + std::to_string(delay.count()) + "\n\n");
}

void EventStream::close() {
  std::vector<std::function<void()>> callbacks;
  std::function<void()> waker;
  {
    std::lock_guard lk(mu_);
    if (closed_) return;
    closed_ = true;
    callbacks.swap(on_close_);
    waker = waker_;
  }
  for (auto& fn : callbacks) fn();
  if (waker) waker();
}

bool EventStream::closed() const {
  std::lock_guard lk(mu_);
  return closed_;
}

void EventStream::on_close(std::function<void()> fn) {
  {
    std::lock_guard lk(mu_);
    if (!closed_) {
      on_close_.push_back(std::move(fn));
      return;
    }
  }
  fn();
}

std::string EventStream::take() {
  std::lock_guard lk(mu_);
  std::string out;
  out.swap(pending_);
  return out;
}

void EventStream::set_waker(std::function<void()> waker) {
  std::lock_guard lk(mu_);
  waker_ = std::move(waker);
}

Response event_stream_response(std::shared_ptr<EventStream> stream) {
  Response r;
  r.status = 200;
  r.set_header("Content-Type", "text/event-stream; charset=utf-8");
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Accel-Buffering", "no");
  r.stream = std::move(stream);
  return r;
}

}  // namespace plumbline::http
