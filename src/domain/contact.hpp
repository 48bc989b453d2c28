// Contact-detail rules: US phone numbers to E.164, e-mail syntax, text cleaning.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace plumbline::domain {

// Normalises a US phone number ("(415) 555-0134", "+1 415.555.0134") to "+14155550134"; nullopt if
// invalid.
std::optional<std::string> normalize_us_phone(std::string_view input);

// A stored E.164 number as people read it: "+14155550134" → "(415) 555-0134" (the national format
// of North American numbers); anything else (empty, other countries) comes back unchanged.
std::string display_phone(std::string_view e164);

// How the homeowner wants to be reached, in words: "phone" → "Phone call", "text" → "Text
// message", "email" → "E-mail".
std::string contact_method_label(std::string_view method);

// Returns true for a plausible address: one '@', a dotted domain, no spaces or control characters,
// ≤ 254 bytes.
bool plausible_email(std::string_view email);

// Trims surrounding white space.
std::string trim(std::string_view s);

// Counts Unicode code points in valid UTF-8.
std::size_t utf8_length(std::string_view s);

// Returns true when s holds a control character (C0, DEL, C1), an invisible Unicode format
// character (category Cf: bidi overrides, zero-width characters, BOM...), a line or paragraph
// separator, or bytes that are not UTF-8. Multi-line text may hold newlines (LF or CR LF) and tabs.
bool has_control_chars(std::string_view s, bool multiline);

}  // namespace plumbline::domain
