// A copy of the input placed so that its last byte is the last byte before a PROT_NONE
// page: a parser that reads one byte too far crashes instead of passing by luck.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string_view>

namespace msrpgw::test {

class GuardedBuffer {
 public:
  explicit GuardedBuffer(std::string_view in) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t data_pages = (in.size() + page - 1) / page + 1;
    len_ = (data_pages + 1) * page;
    void* p = mmap(nullptr, len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("mmap failed");
    base_ = static_cast<char*>(p);
    char* guard = base_ + data_pages * page;
    if (mprotect(guard, page, PROT_NONE) != 0) throw std::runtime_error("mprotect failed");
    data_ = guard - in.size();
    std::memcpy(data_, in.data(), in.size());
    size_ = in.size();
  }
  ~GuardedBuffer() { munmap(base_, len_); }
  GuardedBuffer(const GuardedBuffer&) = delete;
  GuardedBuffer& operator=(const GuardedBuffer&) = delete;

  std::string_view view() const { return {data_, size_}; }

 private:
  char* base_ = nullptr;
  size_t len_ = 0;
  char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace msrpgw::test
