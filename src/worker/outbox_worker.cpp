// Outbox delivery: at least once, exponential backoff with jitter, permanent errors dead at once.
#include "worker/outbox_worker.hpp"

#include <random>

#include "domain/webhooks.hpp"
#include "log/log.hpp"

namespace plumbline::worker {

namespace {

double jitter() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

std::string address_of(const std::string& from) {
  auto lt = from.find('<'), gt = from.find('>');
  return lt != std::string::npos && gt != std::string::npos && gt > lt
             ? from.substr(lt + 1, gt - lt - 1)
             : from;
}

}  // namespace

OutboxWorker::OutboxWorker(store::Store& store, integrations::Mailer& mailer,
                           integrations::SmsSender* sms, const services::Clock& clock,
                           OutboxWorkerOptions options, OutboxWorkerHooks hooks)
    : store_(store),
      mailer_(mailer),
      sms_(sms),
      clock_(clock),
      opts_(std::move(options)),
      hooks_(std::move(hooks)) {
  templates_ = services::load_message_templates(opts_.templates_dir);
}

OutboxWorker::~OutboxWorker() {
  stop();
}

void OutboxWorker::start() {
  stopping_ = false;
  for (int i = 0; i < opts_.threads; ++i) threads_.emplace_back([this, i] { loop(i); });
}

void OutboxWorker::stop() {
  stopping_ = true;
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void OutboxWorker::request_stop() {
  stopping_ = true;
  cv_.notify_all();
}

void OutboxWorker::stop_within(std::chrono::milliseconds grace) {
  request_stop();
  {
    std::unique_lock lk(mu_);
    if (!cv_.wait_for(lk, grace, [&] { return running_ == 0; })) {
      lk.unlock();
      log::warn("outbox_abort_transfers", {{"grace_ms", static_cast<std::int64_t>(grace.count())}});
      integrations::abort_transfers();
    }
  }
  stop();
}

void OutboxWorker::nudge() {
  {
    std::lock_guard lk(mu_);
    ++nudges_;
  }
  cv_.notify_one();
}

void OutboxWorker::loop(int index) {
  std::string owner = opts_.owner + ":" + std::to_string(index);
  {
    std::lock_guard lk(mu_);
    ++running_;
  }
  struct Exit {
    OutboxWorker* w;
    ~Exit() {
      {
        std::lock_guard lk(w->mu_);
        --w->running_;
      }
      w->cv_.notify_all();
    }
  } exit_guard{this};
  while (!stopping_) {
    std::uint64_t seen;
    {
      std::lock_guard lk(mu_);
      seen = nudges_;
    }
    int handled = 0;
    try {
      handled = run_once(owner);
    } catch (const std::exception& e) {
      log::error("outbox_batch_failed", {{"error", std::string(e.what())}});
    }
    if (handled >= opts_.batch) continue;  // more may be waiting
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, opts_.poll, [&] { return stopping_ || nudges_ != seen; });
  }
}

int OutboxWorker::run_once(const std::string& owner) {
  auto now = clock_.now_ms();
  std::vector<domain::OutboxMessage> batch;
  store_.write_tx([&](store::Tx& tx) {
    batch = tx.lease_messages(owner, now, now + opts_.lease_ms, opts_.batch);
    return true;
  });
  // A send starts only in the first half of the batch's lease, so that it ends while the lease
  // holds (the lease is longer than twice the provider timeouts). Past that, or on stop, the rest
  // goes back untried: a message whose lease ran out may be with another worker already, and
  // sending it here too would deliver it twice.
  auto start_by = now + opts_.lease_ms / 2;
  std::size_t next = 0;
  for (; next < batch.size() && !stopping_ && clock_.now_ms() < start_by; ++next) {
    const auto& m = batch[next];
    try {
      deliver(m, owner);
    } catch (const std::exception& e) {
      // The lease expires and another attempt follows; nothing is lost.
      log::error("outbox_deliver_failed", {{"id", m.id}, {"error", std::string(e.what())}});
    }
  }
  if (next < batch.size()) release_untried(batch, next, owner);
  return static_cast<int>(batch.size());  // the released ones are due still
}

void OutboxWorker::release_untried(const std::vector<domain::OutboxMessage>& batch,
                                   std::size_t from, const std::string& owner) {
  std::int64_t released = 0;
  try {
    store_.write_tx([&](store::Tx& tx) {
      for (auto i = from; i < batch.size(); ++i)
        released += tx.release_message_lease(batch[i].id, owner, clock_.now_ms()) ? 1 : 0;
      return true;
    });
  } catch (const std::exception& e) {
    // Their leases run out instead and they are taken again then; nothing is lost.
    log::error("outbox_release_failed", {{"error", std::string(e.what())}});
    return;
  }
  log::info("outbox_released", {{"untried", static_cast<std::int64_t>(batch.size() - from)},
                                {"released", released},
                                {"owner", owner}});
}

domain::SendResult OutboxWorker::send_email(const domain::OutboxMessage& m) {
  integrations::Email e;
  e.from = opts_.mail_from;
  e.reply_to = opts_.mail_reply_to;
  e.to = m.recipient;
  auto rendered = services::render_message(templates_, render_settings(), m);
  e.subject = std::move(rendered.subject);
  e.text = std::move(rendered.text);
  e.html = std::move(rendered.html);
  e.message_id = domain::outbox_message_id(m.id, m.created_at, address_of(opts_.mail_from));
  e.extra_headers.emplace_back("X-Plumbline-Kind", m.kind);
  if (!m.transactional) {
    e.extra_headers.emplace_back(
        "List-Unsubscribe", "<mailto:" + address_of(opts_.mail_from) + "?subject=unsubscribe>");
  }
  return mailer_.send(e);
}

domain::SendResult OutboxWorker::send_sms(const domain::OutboxMessage& m) {
  if (!sms_) return {domain::SendOutcome::permanent_failure, "", "SMS is not configured"};
  bool opted_out = store_.read<bool>([&](store::Tx& tx) { return tx.sms_opted_out(m.recipient); });
  if (opted_out) return {domain::SendOutcome::permanent_failure, "", "recipient opted out of SMS"};
  integrations::Sms s;
  s.to = m.recipient;
  s.body = services::render_message(templates_, render_settings(), m).text;
  s.status_callback_url = opts_.base_url + "/webhooks/twilio/status";
  return sms_->send(s);
}

void OutboxWorker::deliver(const domain::OutboxMessage& m, const std::string& owner) {
  auto now = clock_.now_ms();
  auto dead = [&](const std::string& reason) {
    store_.write_tx([&](store::Tx& tx) {
      tx.mark_message_dead(m.id, reason, clock_.now_ms());
      return true;
    });
    log::warn("outbox_dead",
              {{"id", m.id}, {"kind", m.kind}, {"channel", m.channel}, {"reason", reason}});
    if (hooks_.on_dead) hooks_.on_dead(m, reason);
  };
  if (m.expires_at && now > *m.expires_at) return dead("expired before it could be sent");
  domain::SendResult r;
  try {
    r = m.channel == domain::channel_sms       ? send_sms(m)
        : m.channel == domain::channel_webhook ? send_webhook(m)
                                               : send_email(m);
  } catch (const std::invalid_argument& e) {
    return dead(e.what());  // a message that cannot be rendered will not render next time either
  }
  if (r.outcome == domain::SendOutcome::sent) {
    auto done = clock_.now_ms();
    store_.write_tx([&](store::Tx& tx) {
      tx.mark_message_sent(m.id, done, r.provider_id);
      return true;
    });
    double handoff = static_cast<double>(done - m.event_at) / 1000.0;
    log::info("outbox_sent", {{"id", m.id},
                              {"kind", m.kind},
                              {"channel", m.channel},
                              {"attempt", static_cast<std::int64_t>(m.attempts)},
                              {"handoff_ms", static_cast<std::int64_t>(done - m.event_at)},
                              {"owner", owner}});
    if (hooks_.on_sent) hooks_.on_sent(m, handoff);
    return;
  }
  if (r.outcome == domain::SendOutcome::permanent_failure) return dead(r.error);
  if (m.attempts >= m.max_attempts)
    return dead("gave up after " + std::to_string(m.attempts) + " attempts: " + r.error);
  auto next = clock_.now_ms() + (m.channel == domain::channel_webhook
                                     ? domain::webhook_retry_delay_ms(
                                           m.attempts, opts_.webhook_retry_first_ms, jitter())
                                     : domain::retry_delay_ms(m.attempts, jitter()));
  store_.write_tx([&](store::Tx& tx) {
    tx.mark_message_retry(m.id, next, r.error, clock_.now_ms());
    return true;
  });
  log::warn("outbox_retry", {{"id", m.id},
                             {"kind", m.kind},
                             {"attempt", static_cast<std::int64_t>(m.attempts)},
                             {"error", r.error},
                             {"retry_in_ms", static_cast<std::int64_t>(next - clock_.now_ms())}});
}

}  // namespace plumbline::worker
