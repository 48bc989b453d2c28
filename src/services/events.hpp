// What services tell the rest of the app after a change commits: a stored lead, queued messages.
// The composition root (app/app.cpp) implements these and lists every subscriber in one place.
#pragma once

namespace plumbline::services {

struct SubmittedLead;

// Hears about every stored lead (after its transaction committed).
class LeadEvents {
 public:
  virtual ~LeadEvents() = default;
  virtual void lead_submitted(const SubmittedLead& lead) = 0;
};

// Rung after a committed change that queued e-mail or SMS, so the outbox sends it without waiting
// for its next poll.
class OutboxNotifier {
 public:
  virtual ~OutboxNotifier() = default;
  virtual void messages_queued() = 0;
};

}  // namespace plumbline::services
