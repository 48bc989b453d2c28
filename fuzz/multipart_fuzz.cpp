// Fuzz target: multipart/form-data (http/multipart): the boundary from a Content-Type, then the
// body, once with that boundary and once with a fixed one so that mutations reach the parts.
#include "fuzz_input.hpp"
#include "http/multipart.hpp"

namespace {

void check_form(std::string_view body, std::string_view boundary, std::size_t max_parts) {
  using namespace plumbline;
  auto form = http::parse_multipart(body, boundary, max_parts);
  if (!form) return;
  FUZZ_CHECK(form->fields.fields.size() + form->files.size() <= max_parts);
  for (const auto& [name, value] : form->fields.fields) FUZZ_CHECK(http::valid_utf8(value));
  // A file's bytes are a view into the body, never past its ends.
  for (const auto& f : form->files) {
    FUZZ_CHECK(f.bytes.empty() || (f.bytes.data() >= body.data() &&
                                   f.bytes.data() + f.bytes.size() <= body.data() + body.size()));
    FUZZ_CHECK(!f.filename.empty() || !f.bytes.empty());
  }
}

}  // namespace

// Input: the Content-Type, NUL, the body.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plumbline;
  auto f = fuzz::fields(fuzz::text(data, size), 2);
  if (auto boundary = http::multipart_boundary(f[0])) {
    FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70);
    check_form(f[1], *boundary, 64);
  }
  check_form(f[1], "XyZ", 6);  // the photo form's limit of six parts
  return 0;
}
