// The live dashboard feed: one poller per process reads live_events and fans each event out to the
// open streams of the plumbers it matched, as a card built for each of them (never contact
// details). On PostgreSQL a listener wakes it on every committed event (NOTIFY, from any instance);
// while that connection is down it polls.
#pragma once
#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/marketplace.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct LiveFeedOptions {
  std::chrono::milliseconds poll{200};  // how often live_events is read without a listener
  int max_streams_per_user = 4;
  int replay_limit = 1000;  // most events replayed on a resume (the expiry job deletes old events)
  // With a listener (PostgreSQL) the feed reads on each NOTIFY, and this often besides as a guard.
  std::chrono::milliseconds listening_poll{10000};
  std::chrono::milliseconds relisten{1000};  // wait before reconnecting a lost listener
};

// Formats a lead card for a plumber's stream; the web layer provides it (web/present/lead_card),
// so the service hands data and the JSON shape lives with the other presenters.
class LeadCardFormatter {
 public:
  virtual ~LeadCardFormatter() = default;
  virtual boost::json::object card(const domain::LeadCard& card, const domain::Catalog& catalog,
                                   domain::Millis now) const = 0;
};

class LiveFeed {
 public:
  // Receives (event id, event name, JSON data); returns false once the receiver is gone.
  using Sink =
      std::function<bool(std::int64_t id, const std::string& event, const std::string& data)>;

  LiveFeed(store::Store& store, const Clock& clock, LiveFeedOptions options,
           const LeadCardFormatter& cards);
  ~LiveFeed();
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  // Opens a subscription for a plumber's stream and returns its id. With `after`, first replays
  // that plumber's events with a greater id (Last-Event-ID resume); without it, only events from
  // now on arrive. Error rate_limited when the plumber has max_streams_per_user open already.
  // Starts the poller on first use.
  domain::Result<std::int64_t> subscribe(domain::UserId user_id, std::optional<std::int64_t> after,
                                         Sink sink);
  // Safe from any thread, also from inside a sink.
  void unsubscribe(std::int64_t subscription);
  // Polls now instead of at the next interval (e.g. right after an intake committed events).
  void nudge();
  // Stops the poller (also done by the destructor).
  void stop();
  int open_streams(domain::UserId user_id);
  // The newest live event id the feed has seen (the database's when the poller is not running).
  std::int64_t last_event_id();
  // True while a NOTIFY listener is connected (the feed reads on each event, not by the clock).
  bool listening() const { return listening_; }

 private:
  struct Sub {
    domain::UserId user_id;
    std::int64_t cursor = 0;  // events up to this id were seen by the client elsewhere
    Sink sink;
  };
  // (event, data) as this plumber sees the event, or nothing when it is not for them.
  std::optional<std::pair<std::string, std::string>> render(store::Tx& tx,
                                                            const domain::LiveEvent& e,
                                                            domain::UserId user_id,
                                                            const domain::Catalog& catalog);
  void fan_out(const std::vector<domain::LiveEvent>& events);
  void reap();  // drops unsubscribed streams; holds mu_
  void run();
  void listen();  // the listener thread: nudges the poller on each NOTIFY; reconnects
  void start_locked();

  store::Store& store_;
  const Clock& clock_;
  LiveFeedOptions opts_;
  const LeadCardFormatter& cards_;
  std::mutex mu_;  // subscriptions, last_id_, fan-out
  std::map<std::int64_t, Sub> subs_;
  std::int64_t next_sub_ = 1;
  std::int64_t last_id_ = 0;     // the newest event id handed out
  std::set<std::int64_t> seen_;  // ids handed out within the look-back window
  std::int64_t floor_ = 0;       // events up to this id existed before the poller started
  static constexpr std::int64_t lookback_ = 32;
  bool started_ = false;
  std::mutex dead_mu_;
  std::vector<std::int64_t> dead_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  bool nudged_ = false;
  std::atomic<bool> listening_ = false;
  std::thread poller_;
  std::thread listener_;
};

}  // namespace plumbline::services
