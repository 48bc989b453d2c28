// Fuzz target: urlencoded form bodies and query strings (http/forms), with a round trip through the
// project's own encoder (the Twilio client's) as the oracle.
#include "fuzz_input.hpp"
#include "http/forms.hpp"
#include "integrations/twilio_detail.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plumbline;
  auto input = fuzz::text(data, size);
  auto form = http::parse_urlencoded(input);
  if (!form) return 0;
  // What decodes is UTF-8 (a bad escape or invalid UTF-8 is refused as a whole).
  for (const auto& [name, value] : form->fields) {
    FUZZ_CHECK(http::valid_utf8(name));
    FUZZ_CHECK(http::valid_utf8(value));
    FUZZ_CHECK(form->has(name));
  }
  // Encoding the decoded fields and decoding again gives the same fields in the same order.
  auto again = http::parse_urlencoded(integrations::detail::form_urlencode(form->fields));
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(again->fields == form->fields);
  return 0;
}
