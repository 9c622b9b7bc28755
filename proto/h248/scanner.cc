#include "proto/h248/scanner.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace msrpgw::proto::h248 {
namespace {

struct KeywordNames {
  Tok tok;
  const char* long_name;    // ITU-T long form
  const char* short_name;   // compact form
  const char* pretty_name;  // what the pretty encoder writes
};

// One row per Tok, in enum order (checked below).
constexpr KeywordNames kNames[] = {
    {Tok::kNone, "", "", ""},
    {Tok::kAdd, "Add", "A", "Add"},
    {Tok::kAndLogic, "ANDLgc", "ANDLgc", "ANDLgc"},
    {Tok::kAudit, "Audit", "AT", "Audit"},
    {Tok::kAuditCapability, "AuditCapability", "AC", "AuditCapability"},
    {Tok::kAuditValue, "AuditValue", "AV", "AuditValue"},
    {Tok::kBoth, "Both", "B", "Both"},
    {Tok::kBothway, "Bothway", "BW", "Bothway"},
    {Tok::kBrief, "Brief", "BR", "Brief"},
    {Tok::kBuffer, "Buffer", "BF", "Buffer"},
    {Tok::kContext, "Context", "C", "Context"},
    {Tok::kContextAudit, "ContextAudit", "CA", "ContextAudit"},
    {Tok::kContextAttr, "ContextAttr", "CT", "ContextAttr"},
    {Tok::kContextList, "ContextList", "CLT", "ContextList"},
    {Tok::kDelay, "Delay", "DL", "Delay"},
    {Tok::kDigitMap, "DigitMap", "DM", "DigitMap"},
    {Tok::kDirection, "SPADirection", "SPADI", "SPADirection"},
    {Tok::kDisconnected, "Disconnected", "DC", "Disconnected"},
    {Tok::kDuration, "Duration", "DR", "Duration"},
    {Tok::kEmbed, "Embed", "EM", "Embed"},
    {Tok::kEmergency, "Emergency", "EG", "Emergency"},
    // Erlang megaco accepts the long form only in v3: write the short one.
    {Tok::kEmergencyOff, "EmergencyOff", "EGO", "EGO"},
    {Tok::kEmergencyValue, "EmergencyValue", "EGV", "EmergencyValue"},
    {Tok::kEnd, "END", "&", "END"},
    {Tok::kError, "Error", "ER", "Error"},
    {Tok::kEventBuffer, "EventBuffer", "EB", "EventBuffer"},
    {Tok::kEvents, "Events", "E", "Events"},
    {Tok::kExternal, "External", "EX", "External"},
    {Tok::kFailover, "Failover", "FL", "Failover"},
    {Tok::kForced, "Forced", "FO", "Forced"},
    {Tok::kGraceful, "Graceful", "GR", "Graceful"},
    {Tok::kHandOff, "HandOff", "HO", "HandOff"},
    {Tok::kIeps, "IEPSCall", "IEPS", "IEPSCall"},
    {Tok::kImmAckRequired, "ImmAckRequired", "IA", "ImmAckRequired"},
    {Tok::kInactive, "Inactive", "IN", "Inactive"},
    {Tok::kInService, "InService", "IV", "InService"},
    {Tok::kInternal, "Internal", "IT", "Internal"},
    {Tok::kIntersignal, "Intersignal", "SPAIS", "Intersignal"},
    {Tok::kInterruptByEvent, "IntByEvent", "IBE", "IntByEvent"},
    {Tok::kInterruptByNewSignals, "IntBySigDescr", "IBS", "IntBySigDescr"},
    {Tok::kIsolate, "Isolate", "IS", "Isolate"},
    // Erlang megaco 4.4 does not accept "Iteration": write the short form.
    {Tok::kIteration, "Iteration", "IR", "IR"},
    {Tok::kKeepActive, "KeepActive", "KA", "KeepActive"},
    {Tok::kLocal, "Local", "L", "Local"},
    {Tok::kLocalControl, "LocalControl", "O", "LocalControl"},
    {Tok::kLockStep, "LockStep", "SP", "LockStep"},
    {Tok::kLoopback, "Loopback", "LB", "Loopback"},
    {Tok::kMedia, "Media", "M", "Media"},
    {Tok::kMethod, "Method", "MT", "Method"},
    {Tok::kMgcIdToTry, "MgcIdToTry", "MG", "MgcIdToTry"},
    {Tok::kMode, "Mode", "MO", "Mode"},
    {Tok::kModem, "Modem", "MD", "Modem"},
    {Tok::kModify, "Modify", "MF", "Modify"},
    {Tok::kMove, "Move", "MV", "Move"},
    {Tok::kMtp, "MTP", "MTP", "MTP"},
    {Tok::kMux, "Mux", "MX", "Mux"},
    {Tok::kNeverNotify, "NeverNotify", "NBNN", "NeverNotify"},
    {Tok::kNotify, "Notify", "N", "Notify"},
    {Tok::kNotifyCompletion, "NotifyCompletion", "NC", "NotifyCompletion"},
    {Tok::kNotifyImmediate, "ImmediateNotify", "NBIN", "ImmediateNotify"},
    {Tok::kNotifyRegulated, "RegulatedNotify", "NBRN", "RegulatedNotify"},
    {Tok::kObservedEvents, "ObservedEvents", "OE", "ObservedEvents"},
    {Tok::kOff, "OFF", "OFF", "OFF"},
    {Tok::kOn, "ON", "ON", "ON"},
    {Tok::kOnOff, "OnOff", "OO", "OnOff"},
    {Tok::kOneway, "Oneway", "OW", "Oneway"},
    {Tok::kOnewayBoth, "OnewayBoth", "OWB", "OnewayBoth"},
    {Tok::kOnewayExternal, "OnewayExternal", "OWE", "OnewayExternal"},
    {Tok::kOrLogic, "ORLgc", "ORLgc", "ORLgc"},
    {Tok::kOtherReason, "OtherReason", "OR", "OtherReason"},
    {Tok::kOutOfService, "OutOfService", "OS", "OutOfService"},
    {Tok::kPackages, "Packages", "PG", "Packages"},
    {Tok::kPending, "Pending", "PN", "Pending"},
    {Tok::kPriority, "Priority", "PR", "Priority"},
    {Tok::kProfile, "Profile", "PF", "Profile"},
    {Tok::kReason, "Reason", "RE", "Reason"},
    {Tok::kRecvOnly, "ReceiveOnly", "RC", "ReceiveOnly"},
    {Tok::kRemote, "Remote", "R", "Remote"},
    {Tok::kReply, "Reply", "P", "Reply"},
    {Tok::kRequestId, "RequestID", "RQ", "RequestID"},
    {Tok::kReservedGroup, "ReservedGroup", "RG", "ReservedGroup"},
    {Tok::kReservedValue, "ReservedValue", "RV", "ReservedValue"},
    {Tok::kResetEvents, "ResetEventsDescriptor", "RSE", "ResetEventsDescriptor"},
    {Tok::kResponseAck, "TransactionResponseAck", "K", "TransactionResponseAck"},
    {Tok::kRestart, "Restart", "RS", "Restart"},
    {Tok::kSegment, "Segment", "SM", "Segment"},
    {Tok::kSendOnly, "SendOnly", "SO", "SendOnly"},
    {Tok::kSendRecv, "SendReceive", "SR", "SendReceive"},
    {Tok::kServiceChange, "ServiceChange", "SC", "ServiceChange"},
    {Tok::kServiceChangeAddress, "ServiceChangeAddress", "AD", "ServiceChangeAddress"},
    {Tok::kServiceChangeInc, "ServiceChangeInc", "SIC", "ServiceChangeInc"},
    {Tok::kServiceStates, "ServiceStates", "SI", "ServiceStates"},
    {Tok::kServices, "Services", "SV", "Services"},
    {Tok::kSignalList, "SignalList", "SL", "SignalList"},
    {Tok::kSignals, "Signals", "SG", "Signals"},
    {Tok::kSignalType, "SignalType", "SY", "SignalType"},
    {Tok::kStatistics, "Statistics", "SA", "Statistics"},
    {Tok::kStream, "Stream", "ST", "Stream"},
    {Tok::kSubtract, "Subtract", "S", "Subtract"},
    {Tok::kTerminationState, "TerminationState", "TS", "TerminationState"},
    {Tok::kTest, "Test", "TE", "Test"},
    {Tok::kTimeOut, "TimeOut", "TO", "TimeOut"},
    {Tok::kTopology, "Topology", "TP", "Topology"},
    {Tok::kTransaction, "Transaction", "T", "Transaction"},
    {Tok::kVersion, "Version", "V", "Version"},
};
static_assert(std::size(kNames) == static_cast<size_t>(Tok::kCount), "one row per Tok");

// Other spellings accepted on input (older drafts and Erlang megaco's own forms).
constexpr std::pair<const char*, Tok> kAliases[] = {
    {"direction", Tok::kDirection},
    {"di", Tok::kDirection},
    {"sparequestid", Tok::kRequestId},
    {"sparq", Tok::kRequestId},
    {"intsigdelay", Tok::kIntersignal},
    {"iterationtoken", Tok::kIteration},
    {"emergencyofftoken", Tok::kEmergencyOff},
    {"servicechangeincomplete", Tok::kServiceChangeInc},
    {"eventbuffercontrol", Tok::kBuffer},
    {"megaco", Tok::kNone},
};

constexpr size_t kMaxKeyword = 32;

struct Entry {
  char key[kMaxKeyword];
  uint8_t len;
  Tok tok;
};

struct Index {
  std::array<Entry, 2 * std::size(kNames) + std::size(kAliases)> entries{};
  size_t n = 0;

  void add(const char* name, Tok t) {
    Entry e{};
    size_t len = std::strlen(name);
    if (len == 0 || len >= kMaxKeyword) return;
    for (size_t i = 0; i < len; ++i) {
      char c = name[i];
      e.key[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    e.len = static_cast<uint8_t>(len);
    e.tok = t;
    std::string_view k(e.key, len);
    for (size_t i = 0; i < n; ++i) {
      if (std::string_view(entries[i].key, entries[i].len) == k) return;  // first wins
    }
    entries[n++] = e;
  }

  Index() {
    for (const auto& k : kNames) {
      if (k.tok == Tok::kNone) continue;
      add(k.long_name, k.tok);
      add(k.short_name, k.tok);
    }
    for (const auto& [name, tok] : kAliases) {
      if (tok != Tok::kNone) add(name, tok);
    }
    std::sort(entries.begin(), entries.begin() + static_cast<long>(n),
              [](const Entry& a, const Entry& b) {
                return std::string_view(a.key, a.len) < std::string_view(b.key, b.len);
              });
  }
};

const Index& index() {
  static const Index idx;
  return idx;
}

constexpr std::array<bool, 256> makeSafeTable() {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (char c : std::string_view("+-&!_/'?@^`~*$\\()%|.")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kSafe = makeSafeTable();

}  // namespace

bool isSafeChar(char c) {
  return kSafe[static_cast<unsigned char>(c)];
}

Tok classify(std::string_view word) {
  if (word.empty() || word.size() >= kMaxKeyword) return Tok::kNone;
  char buf[kMaxKeyword];
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  std::string_view key(buf, word.size());
  const Index& idx = index();
  size_t lo = 0, hi = idx.n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    std::string_view k(idx.entries[mid].key, idx.entries[mid].len);
    if (k < key) {
      lo = mid + 1;
    } else if (key < k) {
      hi = mid;
    } else {
      return idx.entries[mid].tok;
    }
  }
  return Tok::kNone;
}

const char* shortName(Tok t) {
  return kNames[static_cast<size_t>(t)].short_name;
}
const char* longName(Tok t) {
  return kNames[static_cast<size_t>(t)].pretty_name;
}

void Scanner::skipSep() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++pos_;
    } else if (c == ';') {
      while (pos_ < text_.size() && text_[pos_] != '\r' && text_[pos_] != '\n') ++pos_;
    } else {
      break;
    }
  }
}

bool Scanner::atSep() const {
  if (pos_ >= text_.size()) return true;
  char c = text_[pos_];
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';';
}

char Scanner::peek() {
  skipSep();
  return pos_ < text_.size() ? text_[pos_] : '\0';
}

bool Scanner::accept(char c) {
  skipSep();
  if (pos_ < text_.size() && text_[pos_] == c) {
    ++pos_;
    return true;
  }
  return false;
}

std::string_view Scanner::word() {
  skipSep();
  size_t start = pos_;
  while (pos_ < text_.size() && kSafe[static_cast<unsigned char>(text_[pos_])]) ++pos_;
  return text_.substr(start, pos_ - start);
}

bool Scanner::quoted(std::string_view* out) {
  skipSep();
  if (pos_ >= text_.size() || text_[pos_] != '"') return false;
  size_t start = pos_ + 1;
  size_t p = start;
  while (p < text_.size() && text_[p] != '"') {
    unsigned char c = static_cast<unsigned char>(text_[p]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      pos_ = p;
      return false;
    }
    ++p;
  }
  if (p >= text_.size()) {
    pos_ = p;
    return false;
  }
  *out = text_.substr(start, p - start);
  pos_ = p + 1;
  return true;
}

bool Scanner::rawUntilBrace(std::string_view* out) {
  size_t start = pos_;
  size_t p = start;
  while (p < text_.size()) {
    if (text_[p] == '}' && !(p > start && text_[p - 1] == '\\')) {
      *out = text_.substr(start, p - start);
      pos_ = p;
      return true;
    }
    ++p;
  }
  pos_ = p;
  return false;
}

bool Scanner::atEnd() {
  skipSep();
  return pos_ >= text_.size();
}

}  // namespace msrpgw::proto::h248
