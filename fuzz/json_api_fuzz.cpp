// Fuzz target: JSON API bodies as every handler reads them (web/input: json_body, the typed field
// readers, the number parsers). Oracles: a type error names its field; readers agree with the JSON.
#include "fuzz_input.hpp"
#include "web/input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plumbline;
  auto input = fuzz::text(data, size);
  std::string s(input);
  (void)web::parse_int(s, -1000, 1000);
  (void)web::parse_int64(s);
  if (auto id = web::parse_id(s)) FUZZ_CHECK(*id > 0);
  if (auto cents = web::parse_dollars(s)) FUZZ_CHECK(*cents >= 0);

  http::Request req;
  req.method = "POST";
  req.headers = {{"content-type", "application/json; charset=utf-8"}};
  req.body = s;
  auto body = web::json_body(req);
  if (!body.ok()) return 0;
  const auto& object = body.value();
  web::JsonFields fields(object, "plans[0].");
  for (const auto& [key, value] : object) {
    std::string text;
    int number = 0;
    bool flag = false;
    std::vector<std::string> list;
    auto before = fields.errors.size();
    fields.read(key, text);
    if (value.is_string()) FUZZ_CHECK(text == value.as_string() && fields.errors.size() == before);
    fields.read(key, number);
    fields.read(key, flag);
    fields.read(key, list);
    (void)fields.str(key);
    (void)fields.integer(key);
    (void)fields.boolean(key, false);
  }
  for (const auto& e : fields.errors) FUZZ_CHECK(e.field.starts_with("plans[0]."));
  if (!fields.errors.empty()) (void)web::type_errors(fields.errors);
  return 0;
}
