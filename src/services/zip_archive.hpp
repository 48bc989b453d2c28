// A small ZIP writer for the data export: stored (uncompressed) entries with CRC-32, in memory.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/lead.hpp"

namespace plumbline::services {

// CRC-32 (IEEE 802.3, the one ZIP uses).
std::uint32_t crc32(std::string_view data);

class ZipArchive {
 public:
  // Adds a file (a UTF-8 name with '/' separators) modified at `mtime` (UTC).
  void add(const std::string& name, std::string_view data, domain::Millis mtime);
  // The whole archive: local headers and data, the central directory and its end record.
  std::string finish() const;

 private:
  struct Entry {
    std::string name;
    std::uint32_t crc = 0, size = 0, offset = 0;
    std::uint16_t dos_time = 0, dos_date = 0;
  };
  std::vector<Entry> entries_;
  std::string body_;  // local headers and data so far
};

}  // namespace plumbline::services
