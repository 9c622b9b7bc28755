#include "tools/msrp/payload.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace msrpgw::tools::msrp {
namespace {

class TextPayload final : public Payload {
 public:
  explicit TextPayload(std::string t) : text_(std::move(t)) {}
  uint64_t size() const override { return text_.size(); }
  bool read(uint64_t offset, size_t len, std::string& out) override {
    out.append(text_, offset, len);
    return true;
  }

 private:
  std::string text_;
};

class FilePayload final : public Payload {
 public:
  FilePayload(int fd, uint64_t size) : fd_(fd), size_(size) {}
  ~FilePayload() override { ::close(fd_); }
  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, size_t len, std::string& out) override {
    size_t at = out.size();
    out.resize(at + len);
    size_t got = 0;
    while (got < len) {
      ssize_t n = ::pread(fd_, out.data() + at + got, len - got, static_cast<off_t>(offset + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        out.resize(at);
        return false;
      }
      got += static_cast<size_t>(n);
    }
    return true;
  }

 private:
  int fd_;
  uint64_t size_;
};

class PatternPayload final : public Payload {
 public:
  PatternPayload(uint64_t size, uint64_t seed) : size_(size), seed_(seed) {}
  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, size_t len, std::string& out) override {
    static constexpr char kChars[] =
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (size_t i = 0; i < len; ++i) {
      uint64_t p = offset + i;
      out += (p % 64 == 63) ? '\n' : kChars[(p + seed_) % 62];
    }
    return true;
  }

 private:
  uint64_t size_;
  uint64_t seed_;
};

}  // namespace

PayloadPtr textPayload(std::string text) {
  return std::make_unique<TextPayload>(std::move(text));
}

Result<PayloadPtr> filePayload(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{Domain::kSys, static_cast<uint16_t>(errno), "open", kNoOffset};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{Domain::kSys, static_cast<uint16_t>(EINVAL), "not a regular file", kNoOffset};
  }
  return PayloadPtr(std::make_unique<FilePayload>(fd, static_cast<uint64_t>(st.st_size)));
}

PayloadPtr patternPayload(uint64_t size, uint64_t seed) {
  return std::make_unique<PatternPayload>(size, seed);
}

}  // namespace msrpgw::tools::msrp
