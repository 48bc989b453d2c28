// Version numbers and checksums of embedded migrations.
#include "store/migrations.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace plumbline::store {

int migration_version(const EmbeddedMigration& m) {
  return std::atoi(m.name);
}

std::string migration_checksum(const EmbeddedMigration& m) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(m.sql, std::strlen(m.sql), digest, &len, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

}  // namespace plumbline::store
