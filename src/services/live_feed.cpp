// Live feed: reads live_events when notified (or polls), builds each recipient's card, hands it to
// their open streams.
#include "services/live_feed.hpp"

#include <boost/json.hpp>
#include <set>

#include "log/log.hpp"

namespace plumbline::services {

LiveFeed::LiveFeed(store::Store& store, const Clock& clock, LiveFeedOptions options,
                   const LeadCardFormatter& cards)
    : store_(store), clock_(clock), opts_(options), cards_(cards) {}

LiveFeed::~LiveFeed() {
  stop();
}

void LiveFeed::stop() {
  {
    std::lock_guard lk(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (poller_.joinable() && poller_.get_id() != std::this_thread::get_id()) poller_.join();
  if (listener_.joinable() && listener_.get_id() != std::this_thread::get_id()) listener_.join();
}

void LiveFeed::nudge() {
  {
    std::lock_guard lk(stop_mu_);
    nudged_ = true;
  }
  stop_cv_.notify_all();
}

void LiveFeed::start_locked() {
  if (started_) return;
  started_ = true;
  last_id_ = store_.read<std::int64_t>([](store::Tx& tx) { return tx.last_live_event_id(); });
  floor_ = last_id_;
  poller_ = std::thread([this] { run(); });
  listener_ = std::thread([this] { listen(); });
}

void LiveFeed::listen() {
  // How long one wait lasts: stop() is noticed within this.
  constexpr std::chrono::milliseconds slice{250};
  auto stopping = [this] {
    std::lock_guard lk(stop_mu_);
    return stopping_;
  };
  while (!stopping()) {
    try {
      auto listener = store_.listen("plumbline_live");
      if (!listener) return;  // SQLite: one process, nudged in-process; the poll stays
      listening_ = true;
      log::info("live_listening", {});
      nudge();  // catch up with what committed while no listener was connected
      while (!stopping())
        if (listener->wait(slice)) nudge();
    } catch (const std::exception& e) {
      if (listening_) log::warn("live_listener_lost", {{"error", e.what()}});
      listening_ = false;
      nudge();  // poll at once, then every opts_.poll until the listener is back
      std::unique_lock lk(stop_mu_);
      stop_cv_.wait_for(lk, opts_.relisten, [this] { return stopping_; });
    }
  }
  listening_ = false;
}

std::int64_t LiveFeed::last_event_id() {
  {
    std::lock_guard lk(mu_);
    if (started_) return last_id_;
  }
  return store_.read<std::int64_t>([](store::Tx& tx) { return tx.last_live_event_id(); });
}

void LiveFeed::reap() {
  std::vector<std::int64_t> dead;
  {
    std::lock_guard lk(dead_mu_);
    dead.swap(dead_);
  }
  for (auto id : dead) subs_.erase(id);
}

int LiveFeed::open_streams(domain::UserId user_id) {
  std::lock_guard lk(mu_);
  reap();
  int n = 0;
  for (const auto& [id, s] : subs_)
    if (s.user_id == user_id) ++n;
  return n;
}

void LiveFeed::unsubscribe(std::int64_t subscription) {
  std::lock_guard lk(dead_mu_);
  dead_.push_back(subscription);
}

domain::Result<std::int64_t> LiveFeed::subscribe(domain::UserId user_id,
                                                 std::optional<std::int64_t> after, Sink sink) {
  std::lock_guard lk(mu_);
  reap();
  int n = 0;
  for (const auto& [id, s] : subs_)
    if (s.user_id == user_id) ++n;
  if (n >= opts_.max_streams_per_user) {
    auto e = domain::Error::make(domain::ErrorCode::rate_limited,
                                 "Too many live connections are open for this account. Close "
                                 "another tab or device and try again.");
    e.retry_after_seconds = 5;
    return e;
  }
  start_locked();
  Sub sub{user_id, 0, std::move(sink)};
  if (after && *after < last_id_) {
    // Replay what this plumber missed, up to what the poller has handed out already; the poller
    // delivers the rest (it holds mu_ while fanning out, so nothing is lost or sent twice).
    std::int64_t from = std::max<std::int64_t>(0, *after), upto = last_id_;
    try {
      store_.read_tx([&](store::Tx& tx) {
        auto events = tx.live_events_after(from, opts_.replay_limit);
        if (events.empty()) return;
        auto catalog = tx.catalog();
        for (const auto& e : events) {
          if (e.id > upto) break;
          if (auto r = render(tx, e, user_id, catalog))
            if (!sub.sink(e.id, r->first, r->second)) break;
        }
      });
    } catch (const std::exception& e) {
      log::warn("live_replay_failed", {{"error", e.what()}});
    }
  } else if (after && *after > last_id_) {
    sub.cursor = *after;  // the client saw more than this instance: skip what it has
  }
  auto id = next_sub_++;
  subs_.emplace(id, std::move(sub));
  return id;
}

std::optional<std::pair<std::string, std::string>> LiveFeed::render(
    store::Tx& tx, const domain::LiveEvent& e, domain::UserId user_id,
    const domain::Catalog& catalog) {
  if (!tx.lead_match(e.lead_id, user_id)) return std::nullopt;
  auto gone = [&](const char* reason) {
    return std::make_pair(std::string(domain::live_lead_gone),
                          boost::json::serialize(boost::json::object{{"lead_id", e.lead_id.value},
                                                                     {"reason", reason}}));
  };
  if (e.kind == domain::live_lead_gone) return gone("closed");
  auto card = tx.lead_card(e.lead_id, user_id);
  if (!card) return gone("closed");
  if (tx.claim_for(e.lead_id, user_id)) return gone("claimed_by_you");
  if (card->status != domain::LeadStatus::open || card->slots_left() <= 0)
    return gone(card->status == domain::LeadStatus::full ? "full" : "closed");
  if (e.kind == domain::live_lead_new)
    return std::make_pair(std::string(domain::live_lead_new),
                          boost::json::serialize(boost::json::object{
                              {"lead", cards_.card(*card, catalog, clock_.now_ms())}}));
  return std::make_pair(
      std::string(domain::live_lead_slots),
      boost::json::serialize(boost::json::object{{"lead_id", e.lead_id.value},
                                                 {"slots_left", card->slots_left()},
                                                 {"claims_count", card->claims_count},
                                                 {"max_claims", card->max_claims}}));
}

void LiveFeed::fan_out(const std::vector<domain::LiveEvent>& events) {
  std::lock_guard lk(mu_);
  reap();
  std::vector<const domain::LiveEvent*> fresh;
  for (const auto& e : events)
    if (e.id > floor_ && !seen_.count(e.id)) fresh.push_back(&e);
  auto remember = [this](std::int64_t id) {
    seen_.insert(id);
    last_id_ = std::max(last_id_, id);
  };
  if (subs_.empty()) {
    for (auto* e : fresh) remember(e->id);
  } else {
    std::set<domain::UserId> plumbers;
    for (const auto& [id, s] : subs_) plumbers.insert(s.user_id);
    store_.read_tx([&](store::Tx& tx) {
      std::optional<domain::Catalog> catalog;
      for (auto* e : fresh) {
        // Build each card once per plumber, even with several streams open.
        std::map<domain::UserId, std::optional<std::pair<std::string, std::string>>> rendered;
        for (const auto& m : tx.lead_matches(e->lead_id)) {
          domain::UserId plumber = m.plumber_id;
          if (!plumbers.count(plumber)) continue;
          if (!catalog) catalog = tx.catalog();
          rendered[plumber] = render(tx, *e, plumber, *catalog);
        }
        for (auto& [id, s] : subs_) {
          if (e->id <= s.cursor) continue;
          auto it = rendered.find(s.user_id);
          if (it == rendered.end() || !it->second) continue;
          if (!s.sink(e->id, it->second->first, it->second->second)) unsubscribe(id);
        }
        remember(e->id);
      }
    });
  }
  // Ids seen within the look-back window stay remembered, so a re-read never repeats them.
  while (!seen_.empty() && *seen_.begin() < last_id_ - 2 * lookback_) seen_.erase(seen_.begin());
}

void LiveFeed::run() {
  for (;;) {
    {
      std::unique_lock lk(stop_mu_);
      stop_cv_.wait_for(lk, listening_ ? opts_.listening_poll : opts_.poll,
                        [this] { return stopping_ || nudged_; });
      if (stopping_) return;
      nudged_ = false;
    }
    try {
      // Re-read a short window behind the newest id, in case an event with a lower id commits
      // after a higher one (the stores serialise live-event inserts; this is a second guard).
      std::int64_t after;
      {
        std::lock_guard lk(mu_);
        after = std::max<std::int64_t>(0, last_id_ - lookback_);
      }
      for (;;) {
        auto events = store_.read<std::vector<domain::LiveEvent>>(
            [after](store::Tx& tx) { return tx.live_events_after(after, 500); });
        if (events.empty()) break;
        fan_out(events);
        after = events.back().id;
        if (events.size() < 500) break;
      }
    } catch (const std::exception& e) {
      log::warn("live_poll_failed", {{"error", e.what()}});
    }
  }
}

}  // namespace plumbline::services
