// ZIP (APPNOTE 6.3) with stored entries only: a few local headers, a central directory, an end
// record. No ZIP64: the export stays far below 4 GiB and 65,535 entries.
#include "services/zip_archive.hpp"

#include <array>
#include <ctime>
#include <stdexcept>

namespace plumbline::services {

namespace {

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>((v >> 8) & 0xff);
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xffff);
  put16(out, v >> 16);
}

constexpr std::uint16_t zip_version = 20;         // 2.0: what stored entries need
constexpr std::uint16_t zip_utf8_names = 0x0800;  // general purpose bit 11

}  // namespace

std::uint32_t crc32(std::string_view data) {
  static const auto table = make_crc_table();
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) c = table[(c ^ b) & 0xff] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void ZipArchive::add(const std::string& name, std::string_view data, domain::Millis mtime) {
  if (data.size() > 0xFFFFFFFEu || body_.size() + data.size() > 0xFFFFFFFEu)
    throw std::length_error("the archive would need ZIP64");
  std::time_t secs = static_cast<std::time_t>(mtime / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  if (tm.tm_year < 80) tm = std::tm{0, 0, 0, 1, 0, 80, 0, 0, 0, 0, nullptr};  // DOS starts in 1980
  Entry e;
  e.name = name;
  e.crc = crc32(data);
  e.size = static_cast<std::uint32_t>(data.size());
  e.offset = static_cast<std::uint32_t>(body_.size());
  e.dos_time = static_cast<std::uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  e.dos_date =
      static_cast<std::uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  put32(body_, 0x04034b50);
  put16(body_, zip_version);
  put16(body_, zip_utf8_names);
  put16(body_, 0);  // stored
  put16(body_, e.dos_time);
  put16(body_, e.dos_date);
  put32(body_, e.crc);
  put32(body_, e.size);  // compressed size = size
  put32(body_, e.size);
  put16(body_, static_cast<std::uint32_t>(name.size()));
  put16(body_, 0);  // no extra field
  body_ += name;
  body_.append(data);
  entries_.push_back(std::move(e));
}

std::string ZipArchive::finish() const {
  std::string out = body_;
  std::string dir;
  for (const auto& e : entries_) {
    put32(dir, 0x02014b50);
    put16(dir, zip_version);  // made by
    put16(dir, zip_version);  // needed
    put16(dir, zip_utf8_names);
    put16(dir, 0);
    put16(dir, e.dos_time);
    put16(dir, e.dos_date);
    put32(dir, e.crc);
    put32(dir, e.size);
    put32(dir, e.size);
    put16(dir, static_cast<std::uint32_t>(e.name.size()));
    put16(dir, 0);  // extra
    put16(dir, 0);  // comment
    put16(dir, 0);  // disk
    put16(dir, 0);  // internal attributes
    put32(dir, 0);  // external attributes
    put32(dir, e.offset);
    dir += e.name;
  }
  auto dir_size = static_cast<std::uint32_t>(dir.size());
  put32(dir, 0x06054b50);
  put16(dir, 0);
  put16(dir, 0);
  put16(dir, static_cast<std::uint32_t>(entries_.size()));
  put16(dir, static_cast<std::uint32_t>(entries_.size()));
  put32(dir, dir_size);
  put32(dir, static_cast<std::uint32_t>(out.size()));
  put16(dir, 0);
  out += dir;
  return out;
}

}  // namespace plumbline::services
