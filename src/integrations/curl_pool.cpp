// libcurl global init and the easy-handle pool.
#include "integrations/curl_pool.hpp"

#include <atomic>

namespace plumbline::integrations::detail {

void curl_global_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlPool::~CurlPool() {
  for (CURL* h : idle_) curl_easy_cleanup(h);
}

namespace {
std::atomic<bool> aborting{false};

// Ends a transfer in progress once shutdown asked for it (libcurl checks this about once a second).
int abort_check(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return aborting.load() ? 1 : 0;
}

CURL* with_abort_check(CURL* h) {
  if (!h) return h;
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &abort_check);
  return h;
}
}  // namespace

void request_abort() {
  aborting = true;
}

CURL* CurlPool::acquire() {
  {
    std::lock_guard lk(mu_);
    if (!idle_.empty()) {
      CURL* h = idle_.back();
      idle_.pop_back();
      curl_easy_reset(h);
      return with_abort_check(h);
    }
  }
  curl_global_once();
  return with_abort_check(curl_easy_init());
}

void CurlPool::release(CURL* handle, bool reusable) {
  if (!handle) return;
  if (reusable) {
    std::lock_guard lk(mu_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(handle);
      return;
    }
  }
  curl_easy_cleanup(handle);
}

}  // namespace plumbline::integrations::detail

namespace plumbline::integrations {
void abort_transfers() {
  detail::request_abort();
}
}  // namespace plumbline::integrations
