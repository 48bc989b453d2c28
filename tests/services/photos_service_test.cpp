// PhotoService on SQLite and PostgreSQL with a fixed clock and a stand-in image processor: the
// caps (six per request, bytes per file and per post) checked before decoding, a refused file
// storing nothing, attach after intake, closed requests, and per-viewer access to each photo
// (homeowner by token, matched plumber thumbnails only, claimant and staff full, an unmatched
// plumber, a refunded claimant, another request's token and anonymous visitors nothing).
#include "marketplace_fixture.hpp"
#include "services/photos.hpp"

namespace plumbline::photos_service_test {
using namespace market_test;

namespace {

using domain::ErrorCode;
using domain::PhotoSize;

// Accepts files that start with "IMG" (so the test controls what "decodes"); the stored bytes say
// which size they are, so a test can tell a thumbnail from a full image.
class StandInImages final : public integrations::ImageProcessor {
 public:
  domain::Result<integrations::ProcessedImage> process(std::string_view bytes) const override {
    ++calls;
    if (!bytes.starts_with("IMG")) {
      auto e = domain::Error::make(ErrorCode::invalid_input, "not an image");
      e.details.push_back({"photos", "not an image"});
      return e;
    }
    integrations::ProcessedImage out;
    out.image = "full:" + std::string(bytes);
    out.thumbnail = "thumb:" + std::string(bytes);
    out.width = 1600;
    out.height = 1200;
    out.thumb_width = 320;
    out.thumb_height = 240;
    return out;
  }
  mutable int calls = 0;
};

class PhotosTest : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    photos_ = std::make_unique<services::PhotoService>(*store_, clock_, images_);
  }
  std::vector<services::PhotoUpload> files(int n, const std::string& prefix = "IMG") {
    names_.clear();
    for (int i = 0; i < n; ++i) names_.push_back(prefix + " photo " + std::to_string(i));
    std::vector<services::PhotoUpload> out;
    for (int i = 0; i < n; ++i) out.push_back({"p" + std::to_string(i) + ".jpg", names_[i]});
    return out;
  }
  int stored(const services::SubmittedLead& l) {
    auto r = photos_->for_homeowner(l.tracking_token);
    EXPECT_TRUE(r.ok());
    return r.ok() ? static_cast<int>(r->size()) : -1;
  }
  StandInImages images_;
  std::unique_ptr<services::PhotoService> photos_;
  std::vector<std::string> names_;
};

TEST_P(PhotosTest, AddsUpToSixAndRefusesTheSeventh) {
  auto lead = submit();
  auto r = photos_->add_by_token(lead.tracking_token, files(4));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].lead_id, lead.id.value);
  EXPECT_EQ((*r)[0].content_type, "image/jpeg");
  EXPECT_EQ((*r)[0].id.size(), 32u);
  EXPECT_NE((*r)[0].id, (*r)[1].id);
  EXPECT_EQ((*r)[0].created_at, t0);
  // Three more would make seven: refused before decoding, nothing stored.
  images_.calls = 0;
  auto over = photos_->add_by_token(lead.tracking_token, files(3));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(over.error().details.at(0).field, "photos");
  EXPECT_EQ(images_.calls, 0);
  EXPECT_EQ(stored(lead), 4);
  ASSERT_TRUE(photos_->add_by_token(lead.tracking_token, files(2)).ok());
  EXPECT_EQ(stored(lead), 6);
  EXPECT_FALSE(photos_->add_by_token(lead.tracking_token, files(1)).ok());
  EXPECT_EQ(stored(lead), 6);
  // The history says photos were added (without naming them).
  auto t = leads_->track(lead.tracking_token);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->photos.size(), 6u);
  EXPECT_EQ(t->history.back().note, "The homeowner added 2 photos");
}

TEST_P(PhotosTest, ARefusedFileStoresNothingAndNamesTheFile) {
  auto lead = submit();
  auto up = files(3);
  std::string text = "just text named photo.jpg";
  up[1] = {"kitchen.jpg", text};
  auto r = photos_->add_by_token(lead.tracking_token, up);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_NE(r.error().message.find("\"kitchen.jpg\""), std::string::npos) << r.error().message;
  EXPECT_EQ(stored(lead), 0);
}

TEST_P(PhotosTest, ByteCapsPerFileAndPerPost) {
  auto lead = submit();
  std::string big = "IMG" + std::string(domain::max_photo_file_bytes, 'x');  // one byte over
  auto r = photos_->add_by_token(lead.tracking_token, {{"big.jpg", big}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("10 MB"), std::string::npos) << r.error().message;
  std::string ten = "IMG" + std::string(domain::max_photo_file_bytes - 3, 'x');  // exactly 10 MB
  std::string more = "IMG" + std::string(10, 'x');
  r = photos_->add_by_token(lead.tracking_token, {{"a", ten}, {"b", ten}, {"c", ten}, {"d", more}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("30 MB"), std::string::npos) << r.error().message;
  EXPECT_EQ(images_.calls, 0);
  EXPECT_EQ(stored(lead), 0);
}

TEST_P(PhotosTest, PrepareThenAttachAfterIntakeAndNotOnClosedRequests) {
  auto prepared = photos_->prepare(files(2));
  ASSERT_TRUE(prepared.ok());
  auto lead = submit();
  auto r = photos_->attach(lead.tracking_token, std::move(*prepared));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), 2u);
  EXPECT_EQ(photos_->add_by_token("not-a-real-token-at-all-123", files(1)).error().code,
            ErrorCode::not_found);
  ASSERT_TRUE(leads_->cancel(lead.tracking_token).ok());
  auto closed = photos_->add_by_token(lead.tracking_token, files(1));
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, ErrorCode::conflict);
  EXPECT_EQ(stored(lead), 2);
}

TEST_P(PhotosTest, EachViewerSeesWhatTheyMay) {
  auto matched = plumber("ann"), claimant = plumber("bob"), refunded = plumber("cat");
  auto far = plumber("dan", {.zip = "10001"});  // New York: not sent a San Francisco request
  auto support = user("support@example.com", domain::Role::support);
  auto lead = submit();
  auto other = submit("leak_repair");
  ASSERT_TRUE(claims_->claim(claimant, lead.id).ok());
  auto rc = claims_->claim(refunded, lead.id);
  ASSERT_TRUE(rc.ok());
  store_->write_tx([&](store::Tx& tx) { return tx.mark_claim_refunded(rc->claim.id, t0); });
  auto added = photos_->add_by_token(lead.tracking_token, files(1));
  ASSERT_TRUE(added.ok());
  auto id = added->front().id;

  auto as_user = [](domain::UserId u, domain::Role role) {
    return services::PhotoAsker{{}, u, role};
  };
  auto see = [&](const services::PhotoAsker& who, PhotoSize size) {
    auto r = photos_->photo(id, size, who);
    return r.ok() ? r->bytes : std::string("error:") + domain::error_code_name(r.error().code);
  };
  const std::string full = "full:IMG photo 0", thumb = "thumb:IMG photo 0";
  services::PhotoAsker homeowner{lead.tracking_token, {}, {}};
  EXPECT_EQ(see(homeowner, PhotoSize::full), full);
  EXPECT_EQ(see(homeowner, PhotoSize::thumbnail), thumb);
  EXPECT_EQ(see(as_user(claimant, domain::Role::plumber), PhotoSize::full), full);
  EXPECT_EQ(see(as_user(admin_, domain::Role::admin), PhotoSize::full), full);
  EXPECT_EQ(see(as_user(support, domain::Role::support), PhotoSize::full), full);
  // Matched but not claimed: the thumbnail, and a clear refusal of the full image.
  EXPECT_EQ(see(as_user(matched, domain::Role::plumber), PhotoSize::thumbnail), thumb);
  EXPECT_EQ(see(as_user(matched, domain::Role::plumber), PhotoSize::full), "error:forbidden");
  // A refunded claimant is back to a matched plumber's view.
  EXPECT_EQ(see(as_user(refunded, domain::Role::plumber), PhotoSize::thumbnail), thumb);
  EXPECT_EQ(see(as_user(refunded, domain::Role::plumber), PhotoSize::full), "error:forbidden");
  // Nothing at all, and the same answer as an unknown id.
  for (auto size : {PhotoSize::thumbnail, PhotoSize::full}) {
    EXPECT_EQ(see(as_user(far, domain::Role::plumber), size), "error:not_found");
    EXPECT_EQ(see(services::PhotoAsker{}, size), "error:not_found");
    EXPECT_EQ(see(services::PhotoAsker{other.tracking_token, {}, {}}, size), "error:not_found");
    // A signed-in claimant who opens the URL under someone else's token gets nothing either.
    EXPECT_EQ(
        see(services::PhotoAsker{other.tracking_token, claimant, domain::Role::plumber}, size),
        "error:not_found");
  }
  EXPECT_EQ(photos_->photo(std::string(32, 'f'), PhotoSize::full, homeowner).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(photos_->photo("../../etc/passwd", PhotoSize::full, homeowner).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(photos_->photo(id, PhotoSize::full, homeowner)->info.lead_id, lead.id.value);

  // The pages' lists follow the same rule.
  EXPECT_EQ(photos_->for_viewer(lead.id, as_user(matched, domain::Role::plumber))->size(), 1u);
  EXPECT_EQ(photos_->for_viewer(lead.id, as_user(far, domain::Role::plumber))->size(), 0u);
  EXPECT_EQ(photos_->for_viewer(lead.id, services::PhotoAsker{})->size(), 0u);
  auto page = browse_->lead_page(matched, false, lead.id);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->photos.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, PhotosTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::photos_service_test
