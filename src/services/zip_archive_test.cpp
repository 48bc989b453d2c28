// The ZIP writer: CRC-32 check values, and archives that Python's zipfile and unzip read back.
#include "services/zip_archive.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace plumbline::services {
namespace {

TEST(ZipArchive, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32(""), 0u);
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (auto n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(ZipArchive, PythonZipfileReadsEveryEntryBack) {
  ZipArchive z;
  z.add("profile.json", "{\"business_name\":\"Pat's Plumbing\"}", 1'800'000'000'000);
  z.add("claims.csv", "id,name\n1,\"Maria L\xc3\xb3pez\"\n", 1'800'000'000'000);
  z.add("empty.txt", "", 0);  // before 1980: stored as 1980-01-01
  auto bytes = z.finish();
  char path[] = "/tmp/plumbline-zip-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  std::ofstream(path, std::ios::binary) << bytes;
  // testzip() checks every CRC; the names and contents come back byte for byte.
  auto out = run(std::string("python3 -c \"import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
                             "print(z.testzip()); print(z.namelist()); "
                             "print(z.read('claims.csv').decode()); "
                             "print(z.getinfo('profile.json').date_time)\" ") +
                 path + " 2>&1");
  EXPECT_NE(out.find("None\n"), std::string::npos) << out;
  EXPECT_NE(out.find("['profile.json', 'claims.csv', 'empty.txt']"), std::string::npos) << out;
  EXPECT_NE(out.find("1,\"Maria L\xc3\xb3pez\""), std::string::npos) << out;
  EXPECT_NE(out.find("(2027, 1, 15, 8, 0, 0)"), std::string::npos) << out;
  auto listing = run(std::string("unzip -l ") + path + " 2>&1");
  if (listing.find("not found") == std::string::npos)  // unzip is optional on build machines
    EXPECT_NE(listing.find("3 files"), std::string::npos) << listing;
  std::remove(path);
}

}  // namespace
}  // namespace plumbline::services
