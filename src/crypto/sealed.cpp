// libsodium secretbox with a key = SHA-256("plumbline-seal:" + server secret).
#include "crypto/sealed.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace plumbline::crypto {

namespace {
std::vector<unsigned char> derive_key(std::string_view secret) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::string input = "plumbline-seal:" + std::string(secret);
  std::vector<unsigned char> key(crypto_secretbox_KEYBYTES);
  crypto_hash_sha256(key.data(), reinterpret_cast<const unsigned char*>(input.data()),
                     input.size());
  return key;
}
}  // namespace

std::string seal(std::string_view server_secret, std::string_view plaintext) {
  auto key = derive_key(server_secret);
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plaintext.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        out.data(), key.data());
  std::vector<char> b64(
      sodium_base64_ENCODED_LEN(out.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(b64.data(), b64.size(), out.data(), out.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(b64.data());
}

std::optional<std::string> unseal(std::string_view server_secret, std::string_view sealed) {
  auto key = derive_key(server_secret);
  std::vector<unsigned char> bin(sealed.size());
  size_t len = 0;
  if (sodium_base642bin(bin.data(), bin.size(), sealed.data(), sealed.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  std::string out(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 bin.data() + crypto_secretbox_NONCEBYTES,
                                 len - crypto_secretbox_NONCEBYTES, bin.data(), key.data()) != 0)
    return std::nullopt;
  return out;
}

}  // namespace plumbline::crypto
