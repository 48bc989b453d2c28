// SQLite: request photos (issue 17), their bytes as BLOBs.
#include "store/sql/photos.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

void SqliteTx::insert_lead_photo(const domain::NewPhoto& p) {
  const auto& i = p.info;
  auto st = c_.prepare<sql::photos::insert_lead_photo>();
  st.bind(1, i.id).bind(2, i.lead_id).bind(3, i.content_type).bind(4, i.width).bind(5, i.height);
  st.bind(6, i.thumb_width).bind(7, i.thumb_height).bind(8, i.image_size);
  st.bind(9, sql::Blob{p.image}).bind(10, sql::Blob{p.thumbnail}).bind(11, i.created_at);
  st.run();
}

int SqliteTx::count_lead_photos(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::photos::count_lead_photos>();
  st.bind(1, lead_id);
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

std::vector<domain::PhotoInfo> SqliteTx::lead_photos(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::photos::lead_photos>();
  st.bind(1, lead_id);
  std::vector<domain::PhotoInfo> out;
  while (st.step()) out.push_back(sql::read_photo_info(st));
  return out;
}

std::optional<domain::PhotoBytes> SqliteTx::lead_photo(const std::string& id,
                                                       domain::PhotoSize size) {
  auto st = c_.prepare<sql::photos::lead_photo>();
  st.bind(1, id).bind(2, size == domain::PhotoSize::full ? 1 : 0);
  if (!st.step()) return std::nullopt;
  domain::PhotoBytes out{sql::read_photo_info(st), st.blob(9)};
  return out;
}

int SqliteTx::delete_lead_photos(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::photos::delete_lead_photos>();
  st.bind(1, lead_id);
  st.run();
  return sqlite3_changes(c_.handle());
}

}  // namespace plumbline::store::sqlite
