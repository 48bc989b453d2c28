// multipart/form-data decoding (RFC 7578), for forms that send files: the fields as FormData and
// the files as views into the body (no copy of a 10 MB photo).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/forms.hpp"

namespace plumbline::http {

struct FilePart {
  std::string field;         // the form field's name
  std::string filename;      // as the browser sent it: for messages only, never a path
  std::string content_type;  // as the browser sent it: never trusted
  std::string_view bytes;    // points into the body the form was parsed from
};

struct MultipartForm {
  FormData fields;
  std::vector<FilePart> files;  // parts with a non-empty filename (an empty file input sends none)
};

// The boundary of a "multipart/form-data; boundary=…" Content-Type; nullopt for any other type.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Decodes a body; nullopt when it is not well-formed, has more than `max_parts` parts, or a
// field's value is not UTF-8.
std::optional<MultipartForm> parse_multipart(std::string_view body, std::string_view boundary,
                                             std::size_t max_parts = 64);

}  // namespace plumbline::http
