-- 0034: photos on requests (issue 17 item 2). Each row is one photo a homeowner sent, already
-- decoded, auto-rotated, stripped of all metadata and re-encoded (JPEG) by the image integration:
-- the full image (at most 1,600 px on the long side) and its thumbnail. The id is 128 random bits
-- in hex, the photo's URL; who may see it is checked on every request (services/photos.cpp).
CREATE TABLE lead_photos (
  id TEXT PRIMARY KEY,
  lead_id BIGINT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  content_type TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  thumb_width INTEGER NOT NULL,
  thumb_height INTEGER NOT NULL,
  image_size BIGINT NOT NULL,
  image BYTEA NOT NULL,
  thumbnail BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX lead_photos_lead ON lead_photos (lead_id, created_at);
