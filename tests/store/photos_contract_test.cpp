// Request photos on SQLite and PostgreSQL (the Market suite): bytes in and out exactly (every
// byte value, both sizes), count, order, unknown ids, the unique id and deletion with the request.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

domain::NewPhoto make_photo(const std::string& id, std::int64_t lead_id, Millis at,
                            std::string image, std::string thumbnail) {
  domain::NewPhoto p;
  p.info.id = id;
  p.info.lead_id = lead_id;
  p.info.content_type = "image/jpeg";
  p.info.width = 1600;
  p.info.height = 1200;
  p.info.thumb_width = 320;
  p.info.thumb_height = 240;
  p.info.image_size = static_cast<std::int64_t>(image.size());
  p.info.created_at = at;
  p.image = std::move(image);
  p.thumbnail = std::move(thumbnail);
  return p;
}

TEST_P(Market, PhotosStoreBytesExactly) {
  auto l1 = lead(market_lead(1, "10001", "leak_repair"));
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  std::string every_byte;
  for (int i = 0; i < 256 * 40; ++i)
    every_byte += static_cast<char>(i % 256);  // NULs, \, high bits
  std::string thumb = std::string("\0\xFF\\x00", 5) + "thumb";
  const std::string a(32, 'a'), b(32, 'b'), c(32, 'c');
  write([&](Tx& tx) {
    tx.insert_lead_photo(make_photo(b, l1, t0 + 2, "second", "t2"));
    tx.insert_lead_photo(make_photo(a, l1, t0 + 1, every_byte, thumb));
    tx.insert_lead_photo(make_photo(c, l2, t0 + 3, "other", "t3"));
  });
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_lead_photo(make_photo(a, l2, t0, "x", "y")); }),
            std::optional(StoreErrorKind::unique_violation));

  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_lead_photos(domain::LeadId{l1}); }), 2);
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_lead_photos(domain::LeadId{l2}); }), 1);
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_lead_photos(domain::LeadId{l2 + 100}); }), 0);

  auto list = read<std::vector<domain::PhotoInfo>>(
      [&](Tx& tx) { return tx.lead_photos(domain::LeadId{l1}); });
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, a);  // oldest first
  EXPECT_EQ(list[1].id, b);
  EXPECT_EQ(list[0].lead_id, l1);
  EXPECT_EQ(list[0].content_type, "image/jpeg");
  EXPECT_EQ(list[0].width, 1600);
  EXPECT_EQ(list[0].height, 1200);
  EXPECT_EQ(list[0].thumb_width, 320);
  EXPECT_EQ(list[0].thumb_height, 240);
  EXPECT_EQ(list[0].image_size, static_cast<std::int64_t>(every_byte.size()));
  EXPECT_EQ(list[0].created_at, t0 + 1);

  using Got = std::optional<domain::PhotoBytes>;
  auto full = read<Got>([&](Tx& tx) { return tx.lead_photo(a, domain::PhotoSize::full); });
  ASSERT_TRUE(full);
  EXPECT_EQ(full->bytes, every_byte);
  EXPECT_EQ(full->info.lead_id, l1);
  auto small = read<Got>([&](Tx& tx) { return tx.lead_photo(a, domain::PhotoSize::thumbnail); });
  ASSERT_TRUE(small);
  EXPECT_EQ(small->bytes, thumb);
  EXPECT_EQ(read<Got>([&](Tx& tx) {
              return tx.lead_photo(std::string(32, 'd'), domain::PhotoSize::full);
            }),
            std::nullopt);

  int deleted = 0;
  write([&](Tx& tx) { deleted = tx.delete_lead_photos(domain::LeadId{l1}); });
  EXPECT_EQ(deleted, 2);
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_lead_photos(domain::LeadId{l1}); }), 0);
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_lead_photos(domain::LeadId{l2}); }), 1);

  // "Delete my details" and the retention sweep (anonymise_lead) take the photos with them.
  write([&](Tx& tx) { EXPECT_TRUE(tx.anonymise_lead(domain::LeadId{l2}, t0 + 10)); });
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_lead_photos(domain::LeadId{l2}); }), 0);
}

}  // namespace
}  // namespace plumbline::store::market_test
