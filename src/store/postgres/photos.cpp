// PostgreSQL: request photos (issue 17), their bytes as bytea.
#include "store/sql/photos.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

void PgTx::insert_lead_photo(const domain::NewPhoto& p) {
  const auto& i = p.info;
  c_.run(sql::photos::insert_lead_photo, i.id, i.lead_id, i.content_type, i.width, i.height,
         i.thumb_width, i.thumb_height, i.image_size, sql::Blob{p.image}, sql::Blob{p.thumbnail},
         i.created_at);
}

int PgTx::count_lead_photos(domain::LeadId lead_id) {
  auto r = c_.run(sql::photos::count_lead_photos, lead_id);
  return r.rows() == 0 ? 0 : r.int32(0, 0);
}

std::vector<domain::PhotoInfo> PgTx::lead_photos(domain::LeadId lead_id) {
  auto r = c_.run(sql::photos::lead_photos, lead_id);
  std::vector<domain::PhotoInfo> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_photo_info(r.row(i)));
  return out;
}

std::optional<domain::PhotoBytes> PgTx::lead_photo(const std::string& id, domain::PhotoSize size) {
  auto r = c_.run(sql::photos::lead_photo, id, size == domain::PhotoSize::full ? 1 : 0);
  if (r.rows() == 0) return std::nullopt;
  domain::PhotoBytes out{sql::read_photo_info(r.row(0)), r.blob(0, 9)};
  return out;
}

int PgTx::delete_lead_photos(domain::LeadId lead_id) {
  return static_cast<int>(c_.run(sql::photos::delete_lead_photos, lead_id).affected());
}

}  // namespace plumbline::store::pg
