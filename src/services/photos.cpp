// Request photos: prepare (caps, then decode and strip, outside any transaction), attach (one
// transaction, count checked again), list and serve with the viewer checked each time.
#include "services/photos.hpp"

#include "crypto/tokens.hpp"
#include "domain/account.hpp"
#include "domain/contact.hpp"
#include "domain/lead_rules.hpp"
#include "log/log.hpp"
#include "services/leads.hpp"
#include "services/service_steps.hpp"

namespace plumbline::services {

using namespace steps;

namespace {

Error photo_request_not_found() {
  return not_found("that request. Check the link in your e-mail");
}

// What the asker is to the photo's request, read inside the caller's transaction.
domain::PhotoViewer photo_viewer_for(store::Tx& tx, std::int64_t lead_id, const PhotoAsker& a) {
  domain::PhotoViewer v;
  if (!a.tracking_token.empty()) {
    auto lead = lead_by_token(tx, a.tracking_token);
    v.homeowner = lead && lead->id.value == lead_id;
    return v;  // a token URL speaks for the homeowner only, whoever is signed in
  }
  if (!a.user_id.is_set()) return v;
  v.staff = domain::is_staff(a.role);
  if (a.role == domain::Role::plumber) {
    auto claim = tx.claim_for(domain::LeadId{lead_id}, a.user_id);
    v.claimant = claim && !claim->refunded_at;
    v.matched = tx.lead_match(domain::LeadId{lead_id}, a.user_id).has_value();
  }
  return v;
}

}  // namespace

Result<PreparedPhotos> PhotoService::prepare(const std::vector<PhotoUpload>& files,
                                             int stored) const {
  std::vector<std::int64_t> sizes;
  sizes.reserve(files.size());
  for (const auto& f : files) sizes.push_back(static_cast<std::int64_t>(f.bytes.size()));
  if (auto refusal = domain::photo_upload_refusal(stored, sizes)) return *refusal;
  PreparedPhotos out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto r = images_.process(files[i].bytes);
    if (!r) {
      auto e = r.error();
      // Name the file the homeowner chose (as text in the page, never as a path).
      auto name = domain::trim(files[i].filename);
      auto which = name.empty() ? "Photo " + std::to_string(i + 1) : "\"" + name + "\"";
      e.message = which + ": " + e.message;
      e.details = {{"photos", e.message}};
      log::info("photo_refused", {{"index", static_cast<std::int64_t>(i)},
                                  {"bytes", static_cast<std::int64_t>(files[i].bytes.size())},
                                  {"why", e.log_detail}});
      return e;
    }
    out.images.push_back(std::move(*r));
  }
  return out;
}

Result<std::vector<domain::PhotoInfo>> PhotoService::attach(const std::string& token,
                                                            PreparedPhotos photos) {
  auto now = clock_.now_ms();
  std::vector<domain::NewPhoto> rows;
  for (auto& img : photos.images) {
    domain::NewPhoto p;
    p.info.id = crypto::random_hex(16);  // 128 random bits: the URL cannot be guessed
    p.info.content_type = domain::photo_content_type;
    p.info.width = img.width;
    p.info.height = img.height;
    p.info.thumb_width = img.thumb_width;
    p.info.thumb_height = img.thumb_height;
    p.info.image_size = static_cast<std::int64_t>(img.image.size());
    p.info.created_at = now;
    p.image = std::move(img.image);
    p.thumbnail = std::move(img.thumbnail);
    rows.push_back(std::move(p));
  }
  try {
    return store_.write<std::vector<domain::PhotoInfo>>(
        [&](store::Tx& tx) -> Result<std::vector<domain::PhotoInfo>> {
          auto lead = lead_by_token(tx, token);
          if (!lead) return photo_request_not_found();
          if (!domain::homeowner_can_cancel(lead->status))
            return Error::make(ErrorCode::conflict,
                               lead->status == domain::LeadStatus::expired
                                   ? "This request has expired, so photos cannot be added."
                                   : "This request is closed, so photos cannot be added.");
          auto stored = tx.count_lead_photos(lead->id);
          if (stored + static_cast<int>(rows.size()) > domain::max_photos_per_lead)
            return *domain::photo_upload_refusal(stored, std::vector<std::int64_t>(rows.size(), 1));
          for (auto& p : rows) {
            p.info.lead_id = lead->id.value;
            tx.insert_lead_photo(p);
          }
          tx.insert_lead_history({lead->id, now, lead->status, lead->status, "homeowner",
                                  "The homeowner added " + std::to_string(rows.size()) +
                                      (rows.size() == 1 ? " photo" : " photos")});
          return tx.lead_photos(lead->id);
        });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "attach_photos");
  }
}

Result<std::vector<domain::PhotoInfo>> PhotoService::add_by_token(
    const std::string& token, const std::vector<PhotoUpload>& files) {
  auto existing = for_homeowner(token);  // the count for the caps, and 404 before decoding
  if (!existing) return existing.error();
  auto prepared = prepare(files, static_cast<int>(existing->size()));
  if (!prepared) return prepared.error();
  return attach(token, std::move(*prepared));
}

Result<std::vector<domain::PhotoInfo>> PhotoService::for_homeowner(const std::string& token) {
  try {
    auto r = store_.read<std::optional<std::vector<domain::PhotoInfo>>>(
        [&](store::Tx& tx) -> std::optional<std::vector<domain::PhotoInfo>> {
          auto lead = lead_by_token(tx, token);
          if (!lead) return std::nullopt;
          return tx.lead_photos(lead->id);
        });
    if (!r) return photo_request_not_found();
    return *r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "homeowner_photos");
  }
}

Result<std::vector<domain::PhotoInfo>> PhotoService::for_viewer(domain::LeadId lead,
                                                                const PhotoAsker& asker) {
  try {
    return store_.read<std::vector<domain::PhotoInfo>>([&](store::Tx& tx) {
      auto v = photo_viewer_for(tx, lead.value, asker);
      if (!domain::photo_visible(v, domain::PhotoSize::thumbnail))
        return std::vector<domain::PhotoInfo>{};
      return tx.lead_photos(lead);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "viewer_photos");
  }
}

Result<domain::PhotoBytes> PhotoService::photo(const std::string& id, domain::PhotoSize size,
                                               const PhotoAsker& asker) {
  auto unknown = [] { return not_found("that photo"); };
  // Ids are 32 lower-case hex digits; anything else is not looked up.
  if (id.size() != 32 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
    return unknown();
  try {
    auto r =
        store_.read<Result<domain::PhotoBytes>>([&](store::Tx& tx) -> Result<domain::PhotoBytes> {
          auto p = tx.lead_photo(id, size);
          if (!p) return unknown();
          auto v = photo_viewer_for(tx, p->info.lead_id, asker);
          if (domain::photo_visible(v, size)) return std::move(*p);
          if (domain::photo_visible(v, domain::PhotoSize::thumbnail))
            return Error::make(ErrorCode::forbidden,
                               "Claim this request to see the full photos; until then you see the "
                               "thumbnails.");
          return unknown();  // the same answer as an unknown id: nothing about the photo leaks
        });
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "photo");
  }
}

}  // namespace plumbline::services
