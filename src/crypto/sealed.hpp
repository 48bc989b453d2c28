// Authenticated encryption of small secrets kept at rest (e.g. tracking links in queued messages).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace plumbline::crypto {

// Encrypts with XSalsa20-Poly1305 under a key derived from the server secret; base64url(nonce|box).
std::string seal(std::string_view server_secret, std::string_view plaintext);
// Decrypts what seal() produced; nullopt when the text was altered or the secret differs.
std::optional<std::string> unseal(std::string_view server_secret, std::string_view sealed);

}  // namespace plumbline::crypto
