// Prometheus text exposition for counters, gauges and histograms.
#include "http/metrics.hpp"

#include <cstdio>
#include <memory>
#include <tuple>

namespace plumbline::http {

namespace {
std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Bucket bounds are short decimals; print them as written ("0.005", not "0.0050000000000000001").
std::string bound(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  std::lock_guard lk(mu_);
  ++counts_[i];
  sum_ += value;
  ++count_;
}

void Histogram::render(std::string& out, const std::string& name, const std::string& labels) const {
  std::lock_guard lk(mu_);
  std::uint64_t cumulative = 0;
  std::string sep = labels.empty() ? "" : ",";
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i];
    out += name + "_bucket{" + labels + sep + "le=\"" + bound(bounds_[i]) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  cumulative += counts_.back();
  out += name + "_bucket{" + labels + sep + "le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  std::string l = labels.empty() ? "" : "{" + labels + "}";
  out += name + "_sum" + l + " " + num(sum_) + "\n";
  out += name + "_count" + l + " " + std::to_string(count_) + "\n";
}

void Metrics::add(const std::string& name, const std::string& labels, double delta) {
  std::lock_guard lk(mu_);
  counters_[name][labels] += delta;
}

void Metrics::observe(const std::string& name, const std::string& labels, double value) {
  Histogram* h = nullptr;
  {
    std::lock_guard lk(mu_);
    auto& slot = histograms_[name][labels];
    if (!slot)
      slot = std::make_unique<Histogram>(std::vector<double>{
          0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
    h = slot.get();
  }
  h->observe(value);
}

void Metrics::gauge(const std::string& name, const std::string& help_text,
                    std::function<double()> read, const std::string& type) {
  std::lock_guard lk(mu_);
  gauges_.emplace_back(name, help_text, std::move(read), type);
}

void Metrics::help(const std::string& name, const std::string& type, const std::string& text) {
  std::lock_guard lk(mu_);
  help_[name] = {type, text};
}

std::string Metrics::render() const {
  std::string out;
  std::lock_guard lk(mu_);
  auto header = [&](const std::string& name, const std::string& type) {
    auto it = help_.find(name);
    if (it != help_.end()) out += "# HELP " + name + " " + it->second.second + "\n";
    out += "# TYPE " + name + " " + (it != help_.end() ? it->second.first : type) + "\n";
  };
  for (const auto& [name, series] : counters_) {
    header(name, "counter");
    for (const auto& [labels, v] : series)
      out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + num(v) + "\n";
  }
  for (const auto& [name, series] : histograms_) {
    header(name, "histogram");
    for (const auto& [labels, h] : series) h->render(out, name, labels);
  }
  for (const auto& [name, text, read, type] : gauges_) {
    out += "# HELP " + name + " " + text + "\n# TYPE " + name + " " + type + "\n";
    out += name + " " + num(read()) + "\n";
  }
  return out;
}

std::string label_value(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace plumbline::http
