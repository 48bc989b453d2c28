// An e-mail's HTML part served alone for a sandboxed frame (the demo mailbox, the console's
// message page): its own strict Content-Security-Policy and links that open in the whole tab.
#pragma once
#include <string>

#include "http/response.hpp"

namespace plumbline::web {

// The HTML with <base target="_top"> and the headers that keep it harmless: inline styles and
// data: images only, no script, no request, no form, a sandbox of its own, framed by this site
// only.
http::Response framed_mail_response(std::string html);

}  // namespace plumbline::web
