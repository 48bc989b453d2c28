// HS256 access tokens with libjwt 1.10. The header is decoded and checked here first (alg, kid)
// so that libjwt only ever verifies an HS256 token with the key the ring holds for that kid; the
// signature comparison itself stays inside libjwt (constant time since CVE-2024-25189's fix).
#include "crypto/jwt.hpp"

#include <jwt.h>
#include <sodium.h>

#include <boost/json.hpp>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "crypto/tokens.hpp"

namespace plumbline::crypto {

namespace {

constexpr std::size_t kMaxTokenBytes = 4096;

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

struct CFree {
  void operator()(char* p) const { std::free(p); }
};

std::optional<JwtClaims> fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return std::nullopt;
}

bool is_b64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// Strict base64url (no padding, canonical trailing bits) through libsodium.
std::optional<std::string> b64url_decode(std::string_view in) {
  ensure_sodium();
  std::string out(in.size() * 3 / 4 + 1, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(),
                        in.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != in.data() + in.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

const boost::json::string* string_member(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v ? v->if_string() : nullptr;
}

bool add_grant(jwt_t* j, const char* name, const std::string& value) {
  return jwt_add_grant(j, name, value.c_str()) == 0;
}

std::optional<std::int64_t> int_member(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (!v || !v->is_int64()) return std::nullopt;
  return v->get_int64();
}

}  // namespace

std::string sign_access_token(const JwtKey& key, const JwtClaims& claims) {
  if (key.secret.size() < kMinJwtSecretBytes)
    throw std::invalid_argument("JWT key secret must be at least 32 bytes");
  if (key.kid.empty()) throw std::invalid_argument("JWT key needs a kid");
  if (claims.user_id <= 0 || claims.role.empty() || claims.jti.empty() ||
      claims.expires_at <= claims.issued_at || claims.generation < 0)
    throw std::invalid_argument("JWT claims incomplete (user_id, role, jti, iat < exp, gen >= 0)");

  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0 || !raw) throw std::runtime_error("jwt_new failed");
  JwtPtr j(raw);
  const std::string issuer(kJwtIssuer);
  const bool ok =
      jwt_add_header(j.get(), "typ", "JWT") == 0 &&
      jwt_add_header(j.get(), "kid", key.kid.c_str()) == 0 &&
      add_grant(j.get(), "sub", std::to_string(claims.user_id)) &&
      add_grant(j.get(), "role", claims.role) &&
      jwt_add_grant_int(j.get(), "iat", static_cast<long>(claims.issued_at)) == 0 &&
      jwt_add_grant_int(j.get(), "exp", static_cast<long>(claims.expires_at)) == 0 &&
      jwt_add_grant_int(j.get(), "gen", static_cast<long>(claims.generation)) == 0 &&
      add_grant(j.get(), "jti", claims.jti) && add_grant(j.get(), "iss", issuer) &&
      jwt_set_alg(j.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key.secret.data()),
                  static_cast<int>(key.secret.size())) == 0;
  if (!ok) throw std::runtime_error("libjwt refused to build the token");
  std::unique_ptr<char, CFree> out(jwt_encode_str(j.get()));
  if (!out) throw std::runtime_error("jwt_encode_str failed");
  return std::string(out.get());
}

std::optional<JwtClaims> verify_access_token(const std::vector<JwtKey>& keys,
                                             std::string_view token, std::int64_t now_seconds,
                                             std::string* why) {
  // 1. Shape: three base64url segments, bounded size, no NUL (libjwt reads a C string).
  if (token.empty() || token.size() > kMaxTokenBytes) return fail(why, "malformed token");
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return fail(why, "malformed token");
  const auto head_b64 = token.substr(0, dot1);
  const auto body_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const auto sig_b64 = token.substr(dot2 + 1);
  if (head_b64.empty() || body_b64.empty()) return fail(why, "malformed token");
  for (char c : token)
    if (c != '.' && !is_b64url(c)) return fail(why, "malformed token");

  // 2. Header, decoded here: alg must be HS256, kid must name a key of the ring.
  const auto head_json = b64url_decode(head_b64);
  if (!head_json) return fail(why, "malformed header");
  boost::json::error_code ec;
  const boost::json::value head = boost::json::parse(*head_json, ec);
  if (ec || !head.is_object()) return fail(why, "malformed header");
  const auto& h = head.get_object();
  const auto* alg = string_member(h, "alg");
  if (!alg || *alg != "HS256") return fail(why, "algorithm not allowed");
  if (const auto* typ = h.if_contains("typ");
      typ && !(typ->is_string() && typ->get_string() == "JWT"))
    return fail(why, "bad typ");
  if (h.contains("crit")) return fail(why, "unsupported critical header");
  const auto* kid = string_member(h, "kid");
  if (!kid || kid->empty()) return fail(why, "missing kid");
  const JwtKey* key = nullptr;
  for (const auto& k : keys)
    if (k.kid == std::string_view(*kid)) {
      key = &k;
      break;
    }
  if (!key) return fail(why, "unknown kid");
  if (key->secret.size() < kMinJwtSecretBytes) return fail(why, "key too short");
  if (sig_b64.empty()) return fail(why, "unsigned token");

  // 3. Signature (and payload JSON) checked by libjwt with that key.
  const std::string token_z(token);
  jwt_t* raw = nullptr;
  const int rc =
      jwt_decode(&raw, token_z.c_str(), reinterpret_cast<const unsigned char*>(key->secret.data()),
                 static_cast<int>(key->secret.size()));
  JwtPtr j(raw);
  if (rc != 0 || !j) return fail(why, "bad signature or malformed token");
  if (jwt_get_alg(j.get()) != JWT_ALG_HS256) return fail(why, "algorithm not allowed");
  // libjwt parsed the header with its own JSON parser: it must have seen the same kid.
  const char* lib_kid = jwt_get_header(j.get(), "kid");
  if (!lib_kid || std::string_view(lib_kid) != key->kid) return fail(why, "kid mismatch");

  // 4. Claims, read from the payload exactly as libjwt parsed and verified it, strictly typed
  //    (libjwt's own getters turn a string "exp" into 0 without an error).
  std::unique_ptr<char, CFree> grants(jwt_get_grants_json(j.get(), nullptr));
  if (!grants) return fail(why, "malformed payload");
  const boost::json::value body = boost::json::parse(grants.get(), ec);
  if (ec || !body.is_object()) return fail(why, "malformed payload");
  const auto& b = body.get_object();
  const auto* iss = string_member(b, "iss");
  if (!iss || *iss != kJwtIssuer) return fail(why, "issuer mismatch");
  const auto exp = int_member(b, "exp");
  const auto iat = int_member(b, "iat");
  if (!exp || !iat) return fail(why, "missing iat or exp");
  if (*exp <= now_seconds) return fail(why, "expired");
  if (*exp <= *iat) return fail(why, "bad iat or exp");
  const auto* sub = string_member(b, "sub");
  const auto* role = string_member(b, "role");
  const auto* jti = string_member(b, "jti");
  if (!sub || !role || !jti || role->empty() || jti->empty()) return fail(why, "missing claims");
  std::int64_t user_id = 0;
  const auto [end, err] = std::from_chars(sub->data(), sub->data() + sub->size(), user_id);
  if (err != std::errc() || end != sub->data() + sub->size() || user_id <= 0 ||
      std::to_string(user_id) != std::string_view(*sub))
    return fail(why, "bad sub");

  // Tokens signed before the generation existed carry none: generation 0, every user's first.
  std::int64_t generation = 0;
  if (b.contains("gen")) {
    const auto gen = int_member(b, "gen");
    if (!gen || *gen < 0) return fail(why, "bad gen");
    generation = *gen;
  }
  return JwtClaims{user_id, std::string(*role), *iat, *exp, std::string(*jti), generation};
}

}  // namespace plumbline::crypto
