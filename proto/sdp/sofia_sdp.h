// RAII owners for sofia-sip's SDP parser: a su_home_t memory home and the sdp_parser_t
// allocated in it. Everything sofia returns (sdp_session_t and below) lives in the home
// and is valid while both owners live. Internal to proto/sdp.
// Owner: the caller's stack; not thread-safe (one parse per object).
#pragma once

#include <sofia-sip/sdp.h>
#include <sofia-sip/su_alloc.h>

#include <string_view>

namespace msrpgw::proto::sdp::detail {

class SofiaHome {
 public:
  SofiaHome() : home_(static_cast<su_home_t*>(su_home_new(sizeof(su_home_t)))) {}
  ~SofiaHome() {
    if (home_ != nullptr) su_home_unref(home_);
  }
  SofiaHome(const SofiaHome&) = delete;
  SofiaHome& operator=(const SofiaHome&) = delete;
  su_home_t* get() const { return home_; }

 private:
  su_home_t* home_;
};

// One sdp_parse() call. sofia copies the text into its home; `text` may die afterwards.
class SofiaParse {
 public:
  SofiaParse(const SofiaHome& home, std::string_view text, int flags)
      : parser_(sdp_parse(home.get(), text.data(), static_cast<issize_t>(text.size()), flags)) {}
  ~SofiaParse() {
    if (parser_ != nullptr) sdp_parser_free(parser_);
  }
  SofiaParse(const SofiaParse&) = delete;
  SofiaParse& operator=(const SofiaParse&) = delete;

  // The parsed session, or nullptr when sofia rejected the text (see error()).
  const sdp_session_t* session() const {
    return parser_ == nullptr ? nullptr : sdp_session(parser_);
  }
  const char* error() const {
    const char* e = parser_ == nullptr ? "out of memory" : sdp_parsing_error(parser_);
    return e == nullptr ? "" : e;
  }

 private:
  sdp_parser_t* parser_;
};

}  // namespace msrpgw::proto::sdp::detail
