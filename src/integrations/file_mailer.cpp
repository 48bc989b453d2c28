// The demo mailer: each message as an .eml file, written atomically (temporary file, fsync,
// rename).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "crypto/tokens.hpp"
#include "integrations/mail_detail.hpp"
#include "integrations/mailer.hpp"

namespace plumbline::integrations {

namespace {

namespace fs = std::filesystem;

// Writes data to path (created, mode 0600: the messages carry private links); "" or the error.
std::string write_file(const fs::path& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return std::strerror(errno);
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string err = std::strerror(errno);
      ::close(fd);
      return err;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    std::string err = std::strerror(errno);
    ::close(fd);
    return err;
  }
  if (::close(fd) != 0) return std::strerror(errno);
  return {};
}

class FileMailer final : public Mailer {
 public:
  explicit FileMailer(std::string dir) : dir_(std::move(dir)) {}

  std::string describe() const override { return ".eml files in " + dir_; }

  domain::SendResult send(const Email& input) override {
    using domain::SendOutcome;
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    Email email = input;
    email.message_id = detail::message_id_for(email, now);
    std::string message;
    try {
      message = build_mime_message(email, now);
    } catch (const std::exception& e) {
      return {SendOutcome::temporary_failure, "", e.what()};
    }
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec)
      return {SendOutcome::temporary_failure, "", "cannot create " + dir_ + ": " + ec.message()};
    const std::string name =
        std::to_string(now) + "-" + detail::message_id_file_part(email.message_id) + ".eml";
    const fs::path final_path = fs::path(dir_) / name;
    const fs::path tmp_path = fs::path(dir_) / ("." + name + "." + crypto::random_hex(6) + ".tmp");
    if (auto err = write_file(tmp_path, message); !err.empty()) {
      fs::remove(tmp_path, ec);
      return {SendOutcome::temporary_failure, "", "cannot write " + tmp_path.string() + ": " + err};
    }
    fs::rename(tmp_path, final_path, ec);
    if (ec) {
      std::error_code ignored;
      fs::remove(tmp_path, ignored);
      return {SendOutcome::temporary_failure, "",
              "cannot rename to " + final_path.string() + ": " + ec.message()};
    }
    return {SendOutcome::sent, email.message_id, ""};
  }

 private:
  std::string dir_;
};

}  // namespace

std::unique_ptr<Mailer> make_file_mailer(const std::string& dir) {
  return std::make_unique<FileMailer>(dir);
}

}  // namespace plumbline::integrations
