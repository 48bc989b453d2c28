// libcurl global init and the easy-handle pool.
#include "integrations/curl_pool.hpp"

namespace plumbline::integrations::detail {

void curl_global_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlPool::~CurlPool() {
  for (CURL* h : idle_) curl_easy_cleanup(h);
}

CURL* CurlPool::acquire() {
  {
    std::lock_guard lk(mu_);
    if (!idle_.empty()) {
      CURL* h = idle_.back();
      idle_.pop_back();
      curl_easy_reset(h);
      return h;
    }
  }
  curl_global_once();
  return curl_easy_init();
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
