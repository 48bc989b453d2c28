// The SQL of request photos, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "domain/photos.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define PHOTO_COLUMNS \
  "id, lead_id, content_type, width, height, thumb_width, thumb_height, image_size, created_at"

namespace plumbline::store::sql {

template <RowReader R>
domain::PhotoInfo read_photo_info(const R& r) {
  domain::PhotoInfo p;
  int i = 0;
  p.id = r.text(i++);
  p.lead_id = r.int64(i++);
  p.content_type = r.text(i++);
  p.width = static_cast<int>(r.int64(i++));
  p.height = static_cast<int>(r.int64(i++));
  p.thumb_width = static_cast<int>(r.int64(i++));
  p.thumb_height = static_cast<int>(r.int64(i++));
  p.image_size = r.int64(i++);
  p.created_at = r.int64(i++);
  return p;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::photos {

inline constexpr Statement insert_lead_photo{
    "insert_lead_photo",
    "INSERT INTO lead_photos (id, lead_id, content_type, width, height, thumb_width, "
    "thumb_height, image_size, image, thumbnail, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
inline constexpr Statement count_lead_photos{"count_lead_photos",
                                             "SELECT COUNT(*) FROM lead_photos WHERE lead_id = $1"};
inline constexpr Statement lead_photos{
    "lead_photos",
    "SELECT " PHOTO_COLUMNS " FROM lead_photos WHERE lead_id = $1 ORDER BY created_at, id"};
// $2 = 1: the full image, anything else the thumbnail (one statement for both sizes).
inline constexpr Statement lead_photo{
    "lead_photo", "SELECT " PHOTO_COLUMNS
                  ", CASE WHEN CAST($2 AS BIGINT) = 1 THEN image ELSE thumbnail END "
                  "FROM lead_photos WHERE id = $1"};
inline constexpr Statement delete_lead_photos{"delete_lead_photos",
                                              "DELETE FROM lead_photos WHERE lead_id = $1"};

}  // namespace plumbline::store::sql::photos
