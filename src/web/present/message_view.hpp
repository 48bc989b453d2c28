// The console's messages as the page and the JSON API read and show them: the list's filter from
// a query string (dates in the staff's zone) and one message as JSON.
#pragma once
#include <boost/json/object.hpp>

#include "domain/error.hpp"
#include "domain/outbox.hpp"
#include "geo/time_zone.hpp"
#include "http/forms.hpp"

namespace plumbline::web {

// status (pending, sending, sent, dead), channel (email, sms), template, from and to
// (YYYY-MM-DD, both days included, in `zone`), before (an id, for the next page). Unknown values
// → invalid_input naming the field.
domain::Result<domain::OutboxFilter> message_filter(const http::FormData& q,
                                                    const geo::TimeZone& zone);

// One message: id, channel, template, kind, recipient (as given: masked already for support),
// status, attempts, max_attempts, next_attempt_at (pending only), last_error, provider_id,
// delivery_status, lead_id, plumber_id, created_at, updated_at, sent_at (Unix ms).
boost::json::object message_json(const domain::ListedMessage& l);

}  // namespace plumbline::web
