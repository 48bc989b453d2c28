// libcurl plumbing shared by the SMTP and Twilio clients: one-time global init and a small pool of
// easy handles, so that connections (and TLS sessions) are reused across sends from any thread.
#pragma once
#include <curl/curl.h>

#include <cstddef>
#include <mutex>
#include <vector>

namespace plumbline::integrations::detail {

// curl_global_init once per process (thread-safe; safe to call many times).
void curl_global_once();

// Makes every transfer of pooled handles fail from now on (see integrations::abort_transfers).
void request_abort();

class CurlPool {
 public:
  explicit CurlPool(std::size_t max_idle = 4) : max_idle_(max_idle) {}
  ~CurlPool();
  CurlPool(const CurlPool&) = delete;
  CurlPool& operator=(const CurlPool&) = delete;

  // A handle with default options (curl_easy_reset keeps its live connections); nullptr on OOM.
  CURL* acquire();
  // Gives a handle back; a handle whose transfer failed is closed instead, with its connections.
  void release(CURL* handle, bool reusable);

 private:
  std::mutex mu_;
  std::vector<CURL*> idle_;
  std::size_t max_idle_;
};

// Releases a pooled handle at scope exit.
class PooledHandle {
 public:
  explicit PooledHandle(CurlPool& pool) : pool_(pool), h_(pool.acquire()) {}
  ~PooledHandle() {
    if (h_) pool_.release(h_, reusable_);
  }
  PooledHandle(const PooledHandle&) = delete;
  PooledHandle& operator=(const PooledHandle&) = delete;
  CURL* get() const { return h_; }
  void set_reusable(bool r) { reusable_ = r; }

 private:
  CurlPool& pool_;
  CURL* h_;
  bool reusable_ = false;
};

}  // namespace plumbline::integrations::detail
