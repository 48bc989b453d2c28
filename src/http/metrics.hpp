// Prometheus metrics: labelled counters, gauges read at scrape time, and latency histograms.
#pragma once
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace plumbline::http {

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);
  // Appends the _bucket/_sum/_count lines for `name` with the given label text (e.g. route="/").
  void render(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::vector<std::uint64_t> counts_;  // per bucket, non-cumulative; last is +Inf
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

class Metrics {
 public:
  // Adds to a counter identified by name and a label text such as method="GET",status="200".
  void add(const std::string& name, const std::string& labels, double delta = 1);
  void observe(const std::string& name, const std::string& labels, double value);
  // Registers a gauge evaluated on every scrape.
  // `type` is "gauge" or "counter" (for totals kept elsewhere, such as database commits).
  void gauge(const std::string& name, const std::string& help, std::function<double()> read,
             const std::string& type = "gauge");
  void help(const std::string& name, const std::string& type, const std::string& text);
  std::string render() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, double>> counters_;
  std::map<std::string, std::map<std::string, std::unique_ptr<Histogram>>> histograms_;
  std::vector<std::tuple<std::string, std::string, std::function<double()>, std::string>> gauges_;
  std::map<std::string, std::pair<std::string, std::string>> help_;  // name → (type, text)
};

// Escapes a label value for the Prometheus text format.
std::string label_value(std::string_view v);

}  // namespace plumbline::http
