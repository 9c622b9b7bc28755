#include "proto/h248/parser.h"

#include <cstring>
#include <limits>

#include "proto/base/bytes.h"
#include "proto/h248/scanner.h"

namespace msrpgw::proto::h248 {
namespace {

bool allDigits(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool toUint(std::string_view w, uint64_t max, uint64_t* out) {
  if (!allDigits(w) || w.size() > 10) return false;
  uint64_t v = 0;
  for (char c : w) v = v * 10 + static_cast<uint64_t>(c - '0');
  if (v > max) return false;
  *out = v;
  return true;
}

// yyyymmddThhmmsshh
bool isTimestamp(std::string_view w) {
  if (w.size() != 17 || (w[8] != 'T' && w[8] != 't')) return false;
  return allDigits(w.substr(0, 8)) && allDigits(w.substr(9));
}

std::string canonicalTimestamp(std::string_view w) {
  std::string s(w);
  s[8] = 'T';
  return s;
}

bool isHex(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!ok) return false;
  }
  return true;
}

bool isRelationChar(char c) {
  return c == '=' || c == '>' || c == '<' || c == '#';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Message> run() {
    Message m;
    if (!parseMessage(m)) return err_;
    return m;
  }

  // Only the header; on success the offset where the body starts.
  Result<size_t> header(Message& m) {
    if (!parseHeader(m)) return err_;
    s_.skipSep();
    return s_.pos();
  }

 private:
  // Sets the code a syntax error gets while parsing at a given level.
  class Level {
   public:
    Level(Parser* p, Errc e) : p_(p), saved_(p->level_) { p->level_ = e; }
    ~Level() { p_->level_ = saved_; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;

   private:
    Parser* p_;
    Errc saved_;
  };

  bool failWith(Errc e, const char* reason, size_t at) {
    if (!failed_) {
      failed_ = true;
      err_ = makeError(e, reason, static_cast<uint32_t>(at));
    }
    return false;
  }
  bool fail(const char* reason, size_t at) { return failWith(level_, reason, at); }
  bool fail(const char* reason) {
    s_.skipSep();
    return fail(reason, s_.pos());
  }

  bool expect(char c, const char* reason) {
    if (s_.accept(c)) return true;
    return fail(reason);
  }

  // A word that must be non-empty.
  bool needWord(std::string_view* w, const char* reason) {
    s_.skipSep();
    size_t at = s_.pos();
    *w = s_.word();
    if (w->empty()) return fail(reason, at);
    return true;
  }

  template <class T>
  bool number(T* out, const char* reason, uint64_t max = std::numeric_limits<T>::max()) {
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view w = s_.word();
    uint64_t v = 0;
    if (!toUint(w, max, &v)) return fail(reason, at);
    *out = static_cast<T>(v);
    return true;
  }

  template <class T>
  bool optNumber(std::optional<T>* out, const char* reason) {
    T v{};
    if (!number(&v, reason)) return false;
    *out = v;
    return true;
  }

  // Reads the next word and classifies it; `at` receives its offset.
  Tok nextTok(std::string_view* w, size_t* at) {
    s_.skipSep();
    *at = s_.pos();
    *w = s_.word();
    return classify(*w);
  }

  // VALUE: a quoted string or a run of SafeChars.
  bool value(std::string* out) {
    s_.skipSep();
    size_t at = s_.pos();
    if (s_.peek() == '"') {
      std::string_view q;
      if (!s_.quoted(&q)) return fail("unterminated or invalid quoted string", s_.pos());
      out->assign(q);
      return true;
    }
    std::string_view w = s_.word();
    if (w.empty()) return fail("expected a value", at);
    out->assign(w);
    return true;
  }

  // ---- message and header ----

  bool parseMessage(Message& m) {
    if (!parseHeader(m)) return false;
    Level body(this, Errc::kBadRequest);
    std::string_view w;
    size_t p = 0;
    Tok t = nextTok(&w, &p);
    if (t == Tok::kError) {
      ErrorDescriptor e;
      if (!parseErrorDescriptor(&e)) return false;
      m.error = std::move(e);
      if (!s_.atEnd()) return fail("text after the message error descriptor");
      return true;
    }
    s_.setPos(p);
    while (!s_.atEnd()) {
      if (!parseTransaction(m)) return false;
    }
    return true;
  }

  bool parseHeader(Message& m) {
    Level lv(this, Errc::kProtocolError);
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view w = s_.word();
    size_t slash = w.find('/');
    if (slash == std::string_view::npos) return fail("expected MEGACO/version", at);
    std::string_view prefix = w.substr(0, slash);
    if (!iequals(prefix, "MEGACO") && prefix != "!") return fail("expected MEGACO/version", at);
    uint64_t v = 0;
    std::string_view vs = w.substr(slash + 1);
    if (!toUint(vs, 99, &v) || vs.size() > 2) return fail("bad protocol version", at + slash + 1);
    if (v < 1 || v > 3) {
      return failWith(Errc::kVersionNotSupported, "protocol version not supported", at + slash + 1);
    }
    m.version = static_cast<uint8_t>(v);
    version_ = m.version;
    if (!s_.atSep() || s_.pos() >= s_.text().size())
      return fail("expected a separator after the version", s_.pos());
    if (!parseMId(&m.mid)) return false;
    if (!s_.atSep()) return fail("expected a separator after the mId", s_.pos());
    if (s_.atEnd()) return failWith(Errc::kBadRequest, "message has no body", s_.pos());
    return true;
  }

  bool parsePort(std::optional<uint16_t>* port) {
    // No separator is allowed around ':' here.
    if (s_.pos() < s_.text().size() && s_.text()[s_.pos()] == ':') {
      s_.setPos(s_.pos() + 1);
      size_t at = s_.pos();
      std::string_view w = s_.word();
      uint64_t v = 0;
      if (!toUint(w, 65535, &v) || w.size() > 5) return fail("bad port number", at);
      *port = static_cast<uint16_t>(v);
    }
    return true;
  }

  bool parseMId(MId* mid) {
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view text = s_.text();
    char c = at < text.size() ? text[at] : '\0';
    if (c == '[') {
      size_t close = text.find(']', at + 1);
      if (close == std::string_view::npos) return fail("unterminated [address]", at);
      std::string_view addr = text.substr(at + 1, close - at - 1);
      bool v6 = addr.find(':') != std::string_view::npos;
      if (addr.empty()) return fail("empty [address]", at);
      for (char ch : addr) {
        bool ok = (ch >= '0' && ch <= '9') || ch == '.' ||
                  (v6 && (ch == ':' || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')));
        if (!ok) return fail("bad character in [address]", at);
      }
      if (!v6) {
        // Four decimal octets.
        int parts = 0;
        size_t start = 0;
        while (start <= addr.size()) {
          size_t dot = addr.find('.', start);
          std::string_view part = addr.substr(
              start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
          uint64_t o = 0;
          if (!toUint(part, 255, &o) || part.size() > 3) return fail("bad IPv4 address", at);
          ++parts;
          if (dot == std::string_view::npos) break;
          start = dot + 1;
        }
        if (parts != 4) return fail("bad IPv4 address", at);
      }
      mid->kind = v6 ? MId::Kind::kIp6 : MId::Kind::kIp4;
      mid->address.assign(addr);
      s_.setPos(close + 1);
      return parsePort(&mid->port);
    }
    if (c == '<') {
      size_t close = text.find('>', at + 1);
      if (close == std::string_view::npos) return fail("unterminated <domain>", at);
      std::string_view name = text.substr(at + 1, close - at - 1);
      if (name.empty() || name.size() > 64) return fail("bad domain name", at);
      for (char ch : name) {
        bool ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
                  (ch >= 'A' && ch <= 'Z') || ch == '-' || ch == '.';
        if (!ok) return fail("bad character in <domain>", at);
      }
      mid->kind = MId::Kind::kDomain;
      mid->address.assign(name);
      s_.setPos(close + 1);
      return parsePort(&mid->port);
    }
    std::string_view w = s_.word();
    if (w.empty()) return fail("expected an mId", at);
    size_t after_word = s_.pos();
    if (iequals(w, "MTP") && s_.accept('{')) {
      s_.skipSep();
      size_t hat = s_.pos();
      std::string_view hex = s_.word();
      if (!isHex(hex) || hex.size() > 8) return fail("bad MTP address", hat);
      if (!s_.accept('}')) return fail("expected } after the MTP address");
      mid->kind = MId::Kind::kMtp;
      mid->address.assign(hex);
      return true;
    }
    s_.setPos(after_word);
    char first = w[0];
    bool alpha = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '*';
    if (!alpha || w.size() > 64) return fail("bad device name", at);
    mid->kind = MId::Kind::kDevice;
    mid->address.assign(w);
    return true;
  }

  bool parseErrorDescriptor(ErrorDescriptor* e) {
    if (!expect('=', "expected = after Error")) return false;
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view w = s_.word();
    uint64_t v = 0;
    if (!toUint(w, 9999, &v) || w.size() > 4) return fail("bad error code", at);
    e->code = static_cast<uint16_t>(v);
    if (!expect('{', "expected { after the error code")) return false;
    if (s_.peek() == '"') {
      std::string_view q;
      if (!s_.quoted(&q)) return fail("unterminated or invalid quoted string", s_.pos());
      e->text = std::string(q);
    }
    return expect('}', "expected } closing the Error descriptor");
  }

  // ---- transactions ----

  // "5", "5/2", "5/2/END"
  bool transactionIdWithSegment(uint32_t* id, std::optional<uint32_t>* seg, bool* complete) {
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view w = s_.word();
    size_t slash = w.find('/');
    uint64_t v = 0;
    if (!toUint(w.substr(0, slash), UINT32_MAX, &v)) return fail("bad transaction id", at);
    *id = static_cast<uint32_t>(v);
    if (slash == std::string_view::npos) return true;
    std::string_view rest = w.substr(slash + 1);
    size_t slash2 = rest.find('/');
    if (!toUint(rest.substr(0, slash2), UINT32_MAX, &v)) return fail("bad segment number", at);
    *seg = static_cast<uint32_t>(v);
    if (slash2 == std::string_view::npos) return true;
    if (classify(rest.substr(slash2 + 1)) != Tok::kEnd) return fail("expected END", at);
    *complete = true;
    return true;
  }

  bool parseTransaction(Message& m) {
    size_t at = 0;
    std::string_view w;
    Tok t = nextTok(&w, &at);
    Level lv(this, Errc::kSyntaxErrorInTransaction);
    switch (t) {
      case Tok::kTransaction: {
        TransactionRequest tr;
        if (!expect('=', "expected = after Transaction")) return false;
        if (!number(&tr.id, "bad transaction id")) return false;
        if (!expect('{', "expected { after the transaction id")) return false;
        do {
          tr.actions.emplace_back();
          if (!parseActionRequest(tr.actions.back())) return false;
        } while (s_.accept(','));
        if (!expect('}', "expected , or } in transaction")) return false;
        m.transactions.emplace_back(std::move(tr));
        return true;
      }
      case Tok::kReply: {
        TransactionReply r;
        if (!expect('=', "expected = after Reply")) return false;
        if (!transactionIdWithSegment(&r.id, &r.segment_number, &r.segmentation_complete))
          return false;
        if (r.segmentation_complete && m.version < 3)
          return fail("segmentation needs version 3", at);
        if (r.segment_number && m.version < 3) return fail("segmentation needs version 3", at);
        if (!expect('{', "expected { after the transaction id")) return false;
        size_t p = 0;
        Tok t2 = nextTok(&w, &p);
        if (t2 == Tok::kImmAckRequired) {
          r.imm_ack_required = true;
          if (!expect(',', "expected , after ImmAckRequired")) return false;
          t2 = nextTok(&w, &p);
        }
        if (t2 == Tok::kError) {
          ErrorDescriptor e;
          if (!parseErrorDescriptor(&e)) return false;
          r.error = std::move(e);
        } else {
          s_.setPos(p);
          do {
            r.actions.emplace_back();
            if (!parseActionReply(r.actions.back())) return false;
          } while (s_.accept(','));
        }
        if (!expect('}', "expected , or } in reply")) return false;
        m.transactions.emplace_back(std::move(r));
        return true;
      }
      case Tok::kPending: {
        TransactionPending pn;
        if (!expect('=', "expected = after Pending")) return false;
        if (!number(&pn.id, "bad transaction id")) return false;
        if (!expect('{', "expected {} after the pending transaction id")) return false;
        if (!expect('}', "expected } closing Pending")) return false;
        m.transactions.emplace_back(pn);
        return true;
      }
      case Tok::kResponseAck: {
        TransactionResponseAck k;
        if (!expect('{', "expected { after TransactionResponseAck")) return false;
        do {
          s_.skipSep();
          size_t p = s_.pos();
          std::string_view a = s_.word();
          size_t dash = a.find('-');
          uint64_t first = 0, last = 0;
          if (!toUint(a.substr(0, dash), UINT32_MAX, &first)) return fail("bad transaction id", p);
          AckRange range{static_cast<uint32_t>(first), std::nullopt};
          if (dash != std::string_view::npos) {
            if (!toUint(a.substr(dash + 1), UINT32_MAX, &last) || last < first) {
              return fail("bad transaction id range", p);
            }
            range.last = static_cast<uint32_t>(last);
          }
          k.acks.push_back(range);
        } while (s_.accept(','));
        if (!expect('}', "expected , or } in TransactionResponseAck")) return false;
        m.transactions.emplace_back(std::move(k));
        return true;
      }
      case Tok::kSegment: {
        if (m.version < 3) return fail("segmentation needs version 3", at);
        SegmentReply sr;
        std::optional<uint32_t> seg;
        if (!expect('=', "expected = after Segment")) return false;
        if (!transactionIdWithSegment(&sr.id, &seg, &sr.segmentation_complete)) return false;
        if (!seg) return fail("expected a segment number", at);
        sr.segment_number = *seg;
        m.transactions.emplace_back(sr);
        return true;
      }
      default: return failWith(Errc::kBadRequest, "expected a transaction", at);
    }
  }

  // ---- actions ----

  bool contextId(uint32_t* id) {
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view w = s_.word();
    if (w == "-") {
      *id = kNullContext;
    } else if (w == "$") {
      *id = kChooseContext;
    } else if (w == "*") {
      *id = kAllContext;
    } else {
      uint64_t v = 0;
      if (!toUint(w, UINT32_MAX, &v)) return fail("bad context id", at);
      *id = static_cast<uint32_t>(v);
    }
    return true;
  }

  // Priority, Emergency, EmergencyOff and Topology; false with no error if `t` is none.
  bool isContextProp(Tok t) {
    return t == Tok::kPriority || t == Tok::kEmergency || t == Tok::kEmergencyOff ||
           t == Tok::kTopology || t == Tok::kIeps || t == Tok::kContextAttr;
  }

  // v3 "ContextAttr { props }" or "ContextAttr { ContextList = { ids } }" after the token.
  bool parseContextAttr(size_t at, std::vector<Parm>* attrs, std::vector<uint32_t>* ids) {
    if (!needVersion(3, at)) return false;
    if (!attrs->empty() || !ids->empty()) {
      return failWith(Errc::kDescriptorTwice, "ContextAttr twice", at);
    }
    if (!expect('{', "expected { after ContextAttr")) return false;
    std::string_view w;
    size_t p = 0;
    Tok t = nextTok(&w, &p);
    if (t == Tok::kContextList && s_.peek() == '=') {
      s_.setPos(s_.pos() + 1);
      if (!expect('{', "expected { after ContextList =")) return false;
      do {
        uint32_t id = 0;
        s_.skipSep();
        size_t iat = s_.pos();
        if (!contextId(&id)) return false;
        if (id == kNullContext || id == kChooseContext || id == kAllContext) {
          return fail("expected a context number", iat);
        }
        ids->push_back(id);
      } while (s_.accept(','));
      if (!expect('}', "expected , or } in ContextList")) return false;
    } else {
      s_.setPos(p);
      do {
        std::string_view n;
        size_t nat = 0;
        nextTok(&n, &nat);
        if (n.find('/') == std::string_view::npos) return fail("expected pkg/name", nat);
        if (!parseParm(attrs, n, nat)) return false;
      } while (s_.accept(','));
    }
    return expect('}', "expected , or } in ContextAttr");
  }

  bool parseContextProp(Tok t, ContextProps* cp) {
    switch (t) {
      case Tok::kPriority:
        if (!expect('=', "expected = after Priority")) return false;
        return optNumber(&cp->priority, "bad priority");
      case Tok::kEmergency: cp->emergency = true; return true;
      case Tok::kEmergencyOff: cp->emergency = false; return true;
      case Tok::kIeps:
        if (!needVersion(3, s_.pos())) return false;
        return onOff(&cp->ieps);
      case Tok::kContextAttr: return parseContextAttr(s_.pos(), &cp->attributes, &cp->context_list);
      case Tok::kTopology: {
        if (!expect('{', "expected { after Topology")) return false;
        std::vector<TopologyTriple> triples;
        bool more = true;
        while (more) {
          TopologyTriple tt;
          std::string_view w;
          if (!needWord(&w, "expected a termination id")) return false;
          tt.from.assign(w);
          if (!expect(',', "expected , in topology triple")) return false;
          if (!needWord(&w, "expected a termination id")) return false;
          tt.to.assign(w);
          if (!expect(',', "expected , in topology triple")) return false;
          size_t at = 0;
          switch (nextTok(&w, &at)) {
            case Tok::kBothway: tt.direction = TopologyDirection::kBothway; break;
            case Tok::kIsolate: tt.direction = TopologyDirection::kIsolate; break;
            case Tok::kOneway: tt.direction = TopologyDirection::kOneway; break;
            case Tok::kOnewayExternal: tt.direction = TopologyDirection::kOnewayExternal; break;
            case Tok::kOnewayBoth: tt.direction = TopologyDirection::kOnewayBoth; break;
            default: return fail("expected a topology direction", at);
          }
          more = false;
          if (s_.accept(',')) {
            size_t p = 0;
            if (nextTok(&w, &p) == Tok::kStream) {
              if (!expect('=', "expected = after Stream")) return false;
              if (!optNumber(&tt.stream, "bad stream id")) return false;
              more = s_.accept(',');
            } else {
              s_.setPos(p);
              more = true;
            }
          }
          triples.push_back(std::move(tt));
        }
        if (!expect('}', "expected } closing Topology")) return false;
        cp->topology = std::move(triples);
        return true;
      }
      default: return fail("expected a context property");
    }
  }

  // The items of ContextAudit { .. } (and of ContextAttr { .. } inside it, which means the
  // same). Each at most once, as the grammar says, except attribute names.
  bool contextAuditItems(ContextAudit* ca, bool in_attr) {
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      bool eq = s_.peek() == '=';
      auto once = [&](bool already) {
        if (already) return failWith(Errc::kPropertyTwice, "context audit item twice", at);
        return true;
      };
      switch (t) {
        case Tok::kTopology:
          if (!once(ca->topology)) return false;
          ca->topology = true;
          break;
        case Tok::kEmergency:
          if (!once(ca->emergency)) return false;
          ca->emergency = true;
          break;
        case Tok::kPriority:
          if (eq) {
            if (!needVersion(3, at) || !once(ca->select_priority.has_value())) return false;
            s_.setPos(s_.pos() + 1);
            if (!optNumber(&ca->select_priority, "bad priority")) return false;
          } else {
            if (!once(ca->priority)) return false;
            ca->priority = true;
          }
          break;
        case Tok::kIeps:
          if (!needVersion(3, at)) return false;
          if (eq) {
            if (!once(ca->select_ieps.has_value())) return false;
            if (!onOff(&ca->select_ieps)) return false;
          } else {
            if (!once(ca->ieps)) return false;
            ca->ieps = true;
          }
          break;
        case Tok::kEmergencyValue: {
          if (!needVersion(3, at) || !once(ca->select_emergency.has_value())) return false;
          if (!expect('=', "expected = after EmergencyValue")) return false;
          size_t vat = 0;
          Tok v = nextTok(&w, &vat);
          if (v != Tok::kEmergency && v != Tok::kEmergencyOff) {
            return fail("expected Emergency or EmergencyOff", vat);
          }
          ca->select_emergency = v == Tok::kEmergency;
          break;
        }
        case Tok::kAndLogic:
        case Tok::kOrLogic:
          if (!needVersion(3, at) || !once(ca->select_logic.has_value())) return false;
          ca->select_logic = t == Tok::kAndLogic ? AuditSelectLogic::kAnd : AuditSelectLogic::kOr;
          break;
        case Tok::kContextAttr: {
          if (!needVersion(3, at)) return false;
          // ContextAttr { items } (the whole audit, written alone) or a selection
          // ContextAttr { props with values | ContextList = {..} }.
          size_t save = s_.pos();
          if (!in_attr && s_.accept('{')) {
            size_t p = 0;
            std::string_view x;
            Tok first = nextTok(&x, &p);
            bool item =
                first == Tok::kNone ? !isRelationChar(s_.peek()) : first != Tok::kContextList;
            s_.setPos(p);
            if (item) {
              if (!contextAuditItems(ca, true)) return false;
              if (!expect('}', "expected , or } in ContextAttr")) return false;
              break;
            }
          }
          s_.setPos(save);
          if (!parseContextAttr(at, &ca->select_attributes, &ca->select_contexts)) return false;
          break;
        }
        default:
          if (t == Tok::kNone && w.find('/') != std::string_view::npos && !eq &&
              needVersion(3, at)) {
            ca->attributes.emplace_back(w);
            break;
          }
          return fail("expected a context audit item", at);
      }
    } while (s_.accept(','));
    return true;
  }

  bool parseContextAudit(ContextAudit* ca) {
    if (!expect('{', "expected { after ContextAudit")) return false;
    if (!contextAuditItems(ca, false)) return false;
    return expect('}', "expected } closing ContextAudit");
  }

  // "= id {" after the Context keyword, shared by action requests and replies.
  bool actionHead(decltype(ActionRequest::context_id)* id) {
    if (!expect('=', "expected = after Context")) return false;
    if (!contextId(id)) return false;
    return expect('{', "expected { after the context id");
  }

  bool parseActionRequest(ActionRequest& a) {
    std::string_view w;
    size_t at = 0;
    if (nextTok(&w, &at) != Tok::kContext) return fail("expected Context", at);
    Level lv(this, Errc::kSyntaxErrorInAction);  // from here on, errors are the action's
    if (!actionHead(&a.context_id)) return false;
    do {
      Tok t = nextTok(&w, &at);
      if (isContextProp(t)) {
        if (!a.context) a.context.emplace();
        if (!parseContextProp(t, &*a.context)) return false;
      } else if (t == Tok::kContextAudit) {
        if (a.context_audit) return failWith(Errc::kDescriptorTwice, "ContextAudit twice", at);
        a.context_audit.emplace();
        if (!parseContextAudit(&*a.context_audit)) return false;
      } else {
        s_.setPos(at);
        a.commands.emplace_back();
        if (!parseCommandRequest(a.commands.back())) return false;
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in action");
  }

  bool parseActionReply(ActionReply& a) {
    std::string_view w;
    size_t at = 0;
    if (nextTok(&w, &at) != Tok::kContext) return fail("expected Context", at);
    Level lv(this, Errc::kSyntaxErrorInAction);  // from here on, errors are the action's
    if (!actionHead(&a.context_id)) return false;
    do {
      Tok t = nextTok(&w, &at);
      if (a.error) return fail("nothing may follow the action's Error descriptor", at);
      if (t == Tok::kError) {
        ErrorDescriptor e;
        if (!parseErrorDescriptor(&e)) return false;
        a.error = std::move(e);
      } else if (isContextProp(t)) {
        if (!a.context) a.context.emplace();
        if (!parseContextProp(t, &*a.context)) return false;
      } else {
        s_.setPos(at);
        a.replies.emplace_back();
        if (!parseCommandReply(a.replies.back())) return false;
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in action reply");
  }

  // ---- commands ----

  static bool commandKind(Tok t, CommandKind* k) {
    switch (t) {
      case Tok::kAdd: *k = CommandKind::kAdd; return true;
      case Tok::kModify: *k = CommandKind::kModify; return true;
      case Tok::kMove: *k = CommandKind::kMove; return true;
      case Tok::kSubtract: *k = CommandKind::kSubtract; return true;
      case Tok::kAuditValue: *k = CommandKind::kAuditValue; return true;
      case Tok::kAuditCapability: *k = CommandKind::kAuditCapability; return true;
      case Tok::kNotify: *k = CommandKind::kNotify; return true;
      case Tok::kServiceChange: *k = CommandKind::kServiceChange; return true;
      default: return false;
    }
  }

  bool terminationId(std::string* out) {
    std::string_view w;
    if (!needWord(&w, "expected a termination id")) return false;
    out->assign(w);
    return true;
  }

  // A command's termination: one id or, v3 (Annex B termIDList), "[t1, t2, ...]". The
  // first id goes to `first`, the others to `extra`. Erlang megaco's v3 parser takes a
  // one-element list too; it means the single id and is kept (and written) as one.
  bool termIdList(std::string* first, std::vector<std::string>* extra) {
    s_.skipSep();
    size_t at = s_.pos();
    if (!s_.accept('[')) return terminationId(first);
    if (!needVersion(3, at)) return false;
    if (!terminationId(first)) return false;
    while (s_.accept(',')) {
      extra->emplace_back();
      if (!terminationId(&extra->back())) return false;
    }
    return expect(']', "expected , or ] in the termination id list");
  }

  bool parseCommandRequest(CommandRequest& c) {
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view w = s_.word();
    if (w.size() > 2 && (w[0] == 'O' || w[0] == 'o') && w[1] == '-') {
      c.optional = true;
      w.remove_prefix(2);
    }
    if (w.size() > 2 && (w[0] == 'W' || w[0] == 'w') && w[1] == '-') {
      c.wildcard_return = true;
      w.remove_prefix(2);
    }
    if (!commandKind(classify(w), &c.kind)) return fail("expected a command", at);
    Level lv(this, Errc::kSyntaxErrorInCommand);
    if (!expect('=', "expected = after the command")) return false;
    if (!termIdList(&c.termination_id, &c.extra_termination_ids)) return false;
    size_t body_at = s_.pos();
    if (s_.accept('{')) {
      do {
        if (!parseDescriptor(&c.descriptors)) return false;
      } while (s_.accept(','));
      if (!expect('}', "expected , or } in command")) return false;
    }
    return checkRequest(c, body_at);
  }

  bool checkRequest(const CommandRequest& c, size_t at) {
    const auto& d = c.descriptors;
    switch (c.kind) {
      case CommandKind::kAdd:
      case CommandKind::kModify:
      case CommandKind::kMove: {
        uint32_t seen = 0;
        for (const Descriptor& x : d) {
          if (std::holds_alternative<PackagesDescriptor>(x) ||
              std::holds_alternative<ObservedEventsDescriptor>(x) ||
              std::holds_alternative<ErrorDescriptor>(x) ||
              std::holds_alternative<ServiceChangeParms>(x)) {
            return fail("descriptor not allowed in Add, Modify or Move", at);
          }
          uint32_t bit = 1u << x.index();
          if (seen & bit) return failWith(Errc::kDescriptorTwice, "descriptor appears twice", at);
          seen |= bit;
        }
        return true;
      }
      case CommandKind::kSubtract:
        if (d.empty()) return true;
        if (d.size() == 1 && std::holds_alternative<AuditDescriptor>(d[0])) return true;
        return fail("Subtract takes only an Audit descriptor", at);
      case CommandKind::kAuditValue:
      case CommandKind::kAuditCapability:
        if (d.size() == 1 && std::holds_alternative<AuditDescriptor>(d[0])) return true;
        return fail("audit commands take one Audit descriptor", at);
      case CommandKind::kNotify:
        if (d.empty() || !std::holds_alternative<ObservedEventsDescriptor>(d[0])) {
          return fail("Notify takes an ObservedEvents descriptor", at);
        }
        if (d.size() == 1) return true;
        if (d.size() == 2 && std::holds_alternative<ErrorDescriptor>(d[1])) return true;
        return fail("Notify takes ObservedEvents and optionally Error", at);
      case CommandKind::kServiceChange:
        if (d.size() == 1 && std::holds_alternative<ServiceChangeParms>(d[0]) &&
            std::get<ServiceChangeParms>(d[0]).method &&
            std::get<ServiceChangeParms>(d[0]).reason) {
          return true;
        }
        return fail("ServiceChange takes Services with Method and Reason", at);
    }
    return true;
  }

  bool parseCommandReply(CommandReply& c) {
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view w = s_.word();
    if (!commandKind(classify(w), &c.kind)) return fail("expected a command reply", at);
    Level lv(this, Errc::kSyntaxErrorInCommand);
    if (!expect('=', "expected = after the command")) return false;
    bool audit = c.kind == CommandKind::kAuditValue || c.kind == CommandKind::kAuditCapability;
    if (audit) {
      // "AV = Context { t1, t2 }" / "AV = Context { Error = .. }": a context audit's reply.
      size_t p = 0;
      std::string_view cw;
      if (nextTok(&cw, &p) == Tok::kContext && s_.peek() == '{') return contextAuditReply(c);
      s_.setPos(p);
    }
    if (!termIdList(&c.termination_id, &c.extra_termination_ids)) return false;
    size_t body_at = s_.pos();
    AuditDescriptor bare;  // bare auditReturnItem tokens, kept last (see ast.h)
    if (s_.accept('{')) {
      do {
        size_t p = 0;
        std::string_view dw;
        Tok t = nextTok(&dw, &p);
        uint16_t bit = bareAuditItem(t);
        if (bit && c.kind != CommandKind::kNotify && c.kind != CommandKind::kServiceChange) {
          bare.items |= bit;
          continue;
        }
        if (!parseDescriptorAs(t, p, &c.descriptors)) return false;
      } while (s_.accept(','));
      if (!expect('}', "expected , or } in command reply")) return false;
    }
    const auto& d = c.descriptors;
    switch (c.kind) {
      case CommandKind::kNotify:
        if (d.empty() || (d.size() == 1 && std::holds_alternative<ErrorDescriptor>(d[0]))) {
          return true;
        }
        return fail("a Notify reply takes only an Error descriptor", body_at);
      case CommandKind::kServiceChange:
        if (d.empty()) return true;
        if (d.size() == 1 && (std::holds_alternative<ErrorDescriptor>(d[0]) ||
                              std::holds_alternative<ServiceChangeParms>(d[0]))) {
          if (std::holds_alternative<ServiceChangeParms>(d[0])) {
            const auto& sc = std::get<ServiceChangeParms>(d[0]);
            if (sc.method || sc.reason || sc.delay || sc.incomplete || sc.info) {
              return fail("Method, Reason, Delay and audit items are not allowed in a reply",
                          body_at);
            }
          }
          return true;
        }
        return fail("a ServiceChange reply takes Services or an Error descriptor", body_at);
      default: {
        uint32_t seen = 0;
        for (const Descriptor& x : d) {
          if (std::holds_alternative<AuditDescriptor>(x) ||
              std::holds_alternative<ServiceChangeParms>(x)) {
            return fail("descriptor not allowed in a command reply", body_at);
          }
          uint32_t bit = 1u << x.index();
          if (seen & bit)
            return failWith(Errc::kDescriptorTwice, "descriptor appears twice", body_at);
          seen |= bit;
        }
        if (bare.items) c.descriptors.emplace_back(std::move(bare));
        return true;
      }
    }
  }

  // The AuditBits of a bare auditReturnItem token in a command reply ("M", "PG", "SA"...):
  // the token with no "{", "=" or "[" after it; 0 for anything else.
  uint16_t bareAuditItem(Tok t) {
    char next = s_.peek();
    if (next == '{' || next == '=' || next == '[') return 0;
    switch (t) {
      case Tok::kMux: return kAuditMux;
      case Tok::kModem: return kAuditModem;
      case Tok::kMedia: return kAuditMedia;
      case Tok::kDigitMap: return kAuditDigitMap;
      case Tok::kStatistics: return kAuditStatistics;
      case Tok::kObservedEvents: return kAuditObservedEvents;
      case Tok::kPackages: return kAuditPackages;
      default: return 0;
    }
  }

  // After "AV = Context": "{ t1, t2 }" or "{ Error = .. }".
  bool contextAuditReply(CommandReply& c) {
    c.context_audit = true;
    if (!expect('{', "expected { after Context")) return false;
    size_t p = 0;
    std::string_view w;
    if (nextTok(&w, &p) == Tok::kError) {
      ErrorDescriptor e;
      if (!parseErrorDescriptor(&e)) return false;
      c.descriptors.emplace_back(std::move(e));
    } else {
      s_.setPos(p);
      do {
        c.context_terminations.emplace_back();
        if (!terminationId(&c.context_terminations.back())) return false;
      } while (s_.accept(','));
    }
    return expect('}', "expected , or } in the context audit reply");
  }

  // ---- descriptors ----

  bool parseDescriptor(std::vector<Descriptor>* out) {
    std::string_view w;
    size_t at = 0;
    Tok t = nextTok(&w, &at);
    return parseDescriptorAs(t, at, out);
  }

  // The descriptor whose keyword `t` (at offset `at`) has just been read.
  bool parseDescriptorAs(Tok t, size_t at, std::vector<Descriptor>* out) {
    switch (t) {
      case Tok::kMedia: {
        MediaDescriptor d;
        if (!parseMedia(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kModem: {
        ModemDescriptor d;
        if (!parseModem(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kMux: {
        MuxDescriptor d;
        if (!parseMux(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kEvents: {
        EventsDescriptor d;
        if (!parseEvents(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kSignals: {
        SignalsDescriptor d;
        if (!parseSignals(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kDigitMap: {
        DigitMapDescriptor d;
        if (!parseDigitMap(&d, false)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kEventBuffer: {
        EventBufferDescriptor d;
        if (!parseEventBuffer(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kAudit: {
        AuditDescriptor d;
        if (!parseAudit(&d)) return false;
        out->emplace_back(d);
        return true;
      }
      case Tok::kStatistics: {
        StatisticsDescriptor d;
        if (!parseStatistics(&d.stats)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kPackages: {
        PackagesDescriptor d;
        if (!parsePackages(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kObservedEvents: {
        ObservedEventsDescriptor d;
        if (!parseObservedEvents(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kError: {
        ErrorDescriptor d;
        if (!parseErrorDescriptor(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kServices: {
        ServiceChangeParms d;
        if (!parseServices(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      default: return fail("expected a descriptor", at);
    }
  }

  // name followed by =value, =[...], ={...}, >v, <v or #v.
  bool parseParmRest(std::string_view name, size_t at, Parm* p) {
    if (name.empty()) return fail("expected a parameter name", at);
    p->name.assign(name);
    char c = s_.peek();
    if (c == '>' || c == '<' || c == '#') {
      s_.setPos(s_.pos() + 1);
      p->relation = c == '>'   ? Parm::Relation::kGreater
                    : c == '<' ? Parm::Relation::kLess
                               : Parm::Relation::kNotEqual;
      p->values.emplace_back();
      return value(&p->values.back());
    }
    if (c != '=') return fail("expected = or a relation after the parameter name");
    s_.setPos(s_.pos() + 1);
    c = s_.peek();
    if (c == '{') {
      s_.setPos(s_.pos() + 1);
      p->form = Parm::Form::kAlternatives;
      do {
        p->values.emplace_back();
        if (!value(&p->values.back())) return false;
      } while (s_.accept(','));
      return expect('}', "expected , or } in the alternatives");
    }
    if (c == '[') {
      s_.setPos(s_.pos() + 1);
      p->values.emplace_back();
      if (!value(&p->values.back())) return false;
      if (s_.accept(':')) {
        p->form = Parm::Form::kRange;
        p->values.emplace_back();
        if (!value(&p->values.back())) return false;
      } else {
        p->form = Parm::Form::kSublist;
        while (s_.accept(',')) {
          p->values.emplace_back();
          if (!value(&p->values.back())) return false;
        }
      }
      return expect(']', "expected ] closing the value list");
    }
    p->values.emplace_back();
    return value(&p->values.back());
  }

  bool parseParm(std::vector<Parm>* out, std::string_view name, size_t at) {
    out->emplace_back();
    return parseParmRest(name, at, &out->back());
  }

  bool onOff(std::optional<bool>* out) {
    if (!expect('=', "expected =")) return false;
    std::string_view w;
    size_t at = 0;
    Tok t = nextTok(&w, &at);
    if (t == Tok::kOn) {
      *out = true;
    } else if (t == Tok::kOff) {
      *out = false;
    } else {
      return fail("expected ON or OFF", at);
    }
    return true;
  }

  bool parseLocalControl(LocalControl* lc) {
    if (!expect('{', "expected { after LocalControl")) return false;
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      char next = s_.peek();
      if (t == Tok::kMode && next == '=') {
        s_.setPos(s_.pos() + 1);
        if (lc->mode) return failWith(Errc::kPropertyTwice, "Mode twice", at);
        size_t mat = 0;
        switch (nextTok(&w, &mat)) {
          case Tok::kSendOnly: lc->mode = StreamMode::kSendOnly; break;
          case Tok::kRecvOnly: lc->mode = StreamMode::kRecvOnly; break;
          case Tok::kSendRecv: lc->mode = StreamMode::kSendRecv; break;
          case Tok::kInactive: lc->mode = StreamMode::kInactive; break;
          case Tok::kLoopback: lc->mode = StreamMode::kLoopback; break;
          default: return fail("expected a stream mode", mat);
        }
      } else if (t == Tok::kReservedValue && next == '=') {
        if (!onOff(&lc->reserve_value)) return false;
      } else if (t == Tok::kReservedGroup && next == '=') {
        if (!onOff(&lc->reserve_group)) return false;
      } else {
        if (!parseParm(&lc->props, w, at)) return false;
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in LocalControl");
  }

  bool parseSdp(std::optional<std::string>* out, size_t at) {
    if (*out) return failWith(Errc::kDescriptorTwice, "Local or Remote twice", at);
    if (!expect('{', "expected { after Local or Remote")) return false;
    std::string_view raw;
    size_t start = s_.pos();
    if (!s_.rawUntilBrace(&raw)) return fail("unterminated Local or Remote", start);
    s_.setPos(s_.pos() + 1);
    *out = normalizeSdp(raw);
    return true;
  }

  bool parseStreamParm(Tok t, size_t at, StreamParms* sp) {
    switch (t) {
      case Tok::kLocalControl:
        if (sp->local_control) return failWith(Errc::kDescriptorTwice, "LocalControl twice", at);
        sp->local_control.emplace();
        return parseLocalControl(&*sp->local_control);
      case Tok::kLocal: return parseSdp(&sp->local, at);
      case Tok::kRemote: return parseSdp(&sp->remote, at);
      case Tok::kStatistics:
        if (sp->statistics) return failWith(Errc::kDescriptorTwice, "Statistics twice", at);
        sp->statistics.emplace();
        return parseStatistics(&*sp->statistics);
      default: return fail("expected LocalControl, Local, Remote or Statistics", at);
    }
  }

  bool parseTerminationState(TerminationState* ts) {
    if (!expect('{', "expected { after TerminationState")) return false;
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      char next = s_.peek();
      if (t == Tok::kServiceStates && next == '=') {
        s_.setPos(s_.pos() + 1);
        size_t vat = 0;
        switch (nextTok(&w, &vat)) {
          case Tok::kTest: ts->service_state = ServiceState::kTest; break;
          case Tok::kOutOfService: ts->service_state = ServiceState::kOutOfService; break;
          case Tok::kInService: ts->service_state = ServiceState::kInService; break;
          default: return fail("expected Test, OutOfService or InService", vat);
        }
      } else if (t == Tok::kBuffer && next == '=') {
        s_.setPos(s_.pos() + 1);
        size_t vat = 0;
        switch (nextTok(&w, &vat)) {
          case Tok::kOff: ts->buffer = EventBufferControl::kOff; break;
          case Tok::kLockStep: ts->buffer = EventBufferControl::kLockStep; break;
          default: return fail("expected OFF or LockStep", vat);
        }
      } else {
        if (!parseParm(&ts->props, w, at)) return false;
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in TerminationState");
  }

  bool parseMedia(MediaDescriptor* m) {
    if (!expect('{', "expected { after Media")) return false;
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      if (t == Tok::kTerminationState) {
        if (m->termination_state)
          return failWith(Errc::kDescriptorTwice, "TerminationState twice", at);
        m->termination_state.emplace();
        if (!parseTerminationState(&*m->termination_state)) return false;
      } else if (t == Tok::kStream) {
        Stream st;
        if (!expect('=', "expected = after Stream")) return false;
        if (!number(&st.id, "bad stream id")) return false;
        for (const Stream& other : m->streams) {
          if (other.id == st.id)
            return failWith(Errc::kDescriptorTwice, "stream appears twice", at);
        }
        if (!expect('{', "expected { after the stream id")) return false;
        do {
          size_t pat = 0;
          Tok pt = nextTok(&w, &pat);
          if (!parseStreamParm(pt, pat, &st.parms)) return false;
        } while (s_.accept(','));
        if (!expect('}', "expected , or } in Stream")) return false;
        m->streams.push_back(std::move(st));
      } else {
        if (!m->one_stream) m->one_stream.emplace();
        if (!parseStreamParm(t, at, &*m->one_stream)) return false;
      }
    } while (s_.accept(','));
    if (m->one_stream && !m->streams.empty()) {
      return fail("stream parameters both inside and outside Stream");
    }
    return expect('}', "expected , or } in Media");
  }

  bool parseModem(ModemDescriptor* md) {
    std::string_view w;
    if (s_.accept('=')) {
      if (!needWord(&w, "expected a modem type")) return false;
      md->types.emplace_back(w);
    } else if (s_.accept('[')) {
      do {
        if (!needWord(&w, "expected a modem type")) return false;
        md->types.emplace_back(w);
      } while (s_.accept(','));
      if (!expect(']', "expected , or ] in the modem type list")) return false;
    } else {
      return fail("expected = or [ after Modem");
    }
    if (s_.accept('{')) {
      do {
        size_t at = 0;
        nextTok(&w, &at);
        if (!parseParm(&md->props, w, at)) return false;
      } while (s_.accept(','));
      if (!expect('}', "expected , or } in Modem")) return false;
    }
    return true;
  }

  bool parseMux(MuxDescriptor* mx) {
    std::string_view w;
    if (!expect('=', "expected = after Mux")) return false;
    if (!needWord(&w, "expected a mux type")) return false;
    mx->type.assign(w);
    if (!expect('{', "expected { after the mux type")) return false;
    do {
      mx->terminations.emplace_back();
      if (!terminationId(&mx->terminations.back())) return false;
    } while (s_.accept(','));
    return expect('}', "expected , or } in Mux");
  }

  bool digitMapValue(std::string* out) {
    std::string_view raw;
    size_t start = s_.pos();
    if (!s_.rawUntilBrace(&raw)) return fail("unterminated digit map", start);
    s_.setPos(s_.pos() + 1);
    out->clear();
    for (char c : raw) {
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
      // No backslash: it is no digit map character (H.248.1 digitMap), and with the blanks
      // dropped one before the closing brace would escape it when the map is written back.
      if (c == '\\' ||
          (!isSafeChar(c) && c != '[' && c != ']' && c != ':' && c != ',' && c != '#')) {
        return fail("bad character in digit map", start);
      }
      out->push_back(c);
    }
    if (out->empty()) return fail("empty digit map", start);
    return true;
  }

  // After "DigitMap". A descriptor: "= name", "= name { value }" or "= { value }" (also
  // read without the "="). An event's DigitMap parameter: "= name" or "{ value }".
  bool parseDigitMap(DigitMapDescriptor* dm, bool in_event) {
    if (s_.accept('=')) {
      if (!in_event && s_.accept('{')) {  // DigitMap = { value }
        std::string v;
        if (!digitMapValue(&v)) return false;
        dm->value = std::move(v);
        return true;
      }
      std::string_view w;
      if (!needWord(&w, "expected a digit map name")) return false;
      dm->name.assign(w);
      if (!in_event && s_.accept('{')) {
        std::string v;
        if (!digitMapValue(&v)) return false;
        dm->value = std::move(v);
      }
      return true;
    }
    if (s_.accept('{')) {
      std::string v;
      if (!digitMapValue(&v)) return false;
      dm->value = std::move(v);
      return true;
    }
    return fail("expected = or { after DigitMap");
  }

  bool parseRequestedEvent(RequestedEvent* ev, bool embedded) {
    std::string_view w;
    s_.skipSep();
    size_t at = s_.pos();
    if (!needWord(&w, "expected an event name")) return false;
    ev->name.assign(w);
    (void)at;
    if (!s_.accept('{')) return true;
    do {
      size_t pat = 0;
      Tok t = nextTok(&w, &pat);
      char next = s_.peek();
      bool parm_follows = isRelationChar(next);
      if (t == Tok::kKeepActive && !parm_follows) {
        ev->keep_active = true;
      } else if (t == Tok::kResetEvents && !parm_follows) {
        if (!needVersion(3, pat)) return false;
        ev->reset_events = true;
      } else if ((t == Tok::kNeverNotify || t == Tok::kNotifyImmediate ||
                  t == Tok::kNotifyRegulated) &&
                 !parm_follows) {
        if (!parseNotifyBehaviour(t, pat, ev, embedded)) return false;
      } else if (t == Tok::kEmbed && next == '{') {
        if (!parseEmbed(ev, embedded)) return false;
      } else if (t == Tok::kDigitMap && (next == '=' || next == '{')) {
        if (ev->digit_map) return failWith(Errc::kDescriptorTwice, "DigitMap twice", pat);
        ev->digit_map.emplace();
        if (!parseDigitMap(&*ev->digit_map, true)) return false;
      } else if (t == Tok::kStream && next == '=') {
        s_.setPos(s_.pos() + 1);
        if (!optNumber(&ev->stream, "bad stream id")) return false;
      } else {
        if (!parseParm(&ev->params, w, pat)) return false;
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in the event parameters");
  }

  // "Embed { Signals {..} [, Events [= id {..}]] }" or "Embed { Events [= id {..}] }" after
  // "Embed" (also the body of a RegulatedNotify); `events_allowed` is false in an embedded
  // event, whose Embed holds signals only.
  bool parseEmbedBody(std::optional<SignalsDescriptor>* signals, bool* has_events,
                      uint32_t* request_id, std::vector<RequestedEvent>* events,
                      bool events_allowed) {
    if (!expect('{', "expected { after Embed")) return false;
    std::string_view w;
    size_t at = 0;
    Tok t = nextTok(&w, &at);
    if (t == Tok::kSignals) {
      signals->emplace();
      if (!parseSignals(&**signals)) return false;
      if (s_.accept(',')) {
        t = nextTok(&w, &at);
        if (t != Tok::kEvents) return fail("expected Events in Embed", at);
      } else {
        t = Tok::kNone;
      }
    }
    if (t == Tok::kEvents) {
      if (!events_allowed) return fail("events may be embedded one level only", at);
      *has_events = true;
      // Annex B embedFirst: a bare "Events" (no request id, no events) embeds an empty
      // events descriptor; kept as has_events with no events.
      if (s_.peek() != '=') return expect('}', "expected = or } after embedded Events");
      if (!expect('=', "expected = after embedded Events")) return false;
      if (!number(request_id, "bad request id")) return false;
      if (!expect('{', "expected { after the request id")) return false;
      do {
        events->emplace_back();
        if (!parseRequestedEvent(&events->back(), true)) return false;
      } while (s_.accept(','));
      if (!expect('}', "expected , or } in embedded Events")) return false;
    } else if (!*signals) {
      return fail("expected Signals or Events in Embed", at);
    }
    return expect('}', "expected } closing Embed");
  }

  bool parseEmbed(RequestedEvent* ev, bool embedded) {
    return parseEmbedBody(&ev->embedded_signals, &ev->has_embedded_events, &ev->embedded_request_id,
                          &ev->embedded_events, !embedded);
  }

  // v3 ImmediateNotify, NeverNotify, RegulatedNotify [{ Embed {..} }] after the token.
  bool parseNotifyBehaviour(Tok t, size_t at, RequestedEvent* ev, bool embedded) {
    if (!needVersion(3, at)) return false;
    if (ev->notify != NotifyBehaviour::kDefault) {
      return fail("at most one notification behaviour per event", at);
    }
    if (t == Tok::kNotifyImmediate) {
      ev->notify = NotifyBehaviour::kImmediate;
      return true;
    }
    if (t == Tok::kNeverNotify) {
      ev->notify = NotifyBehaviour::kNever;
      return true;
    }
    ev->notify = NotifyBehaviour::kRegulated;
    if (!s_.accept('{')) return true;
    size_t eat = 0;
    std::string_view w;
    if (nextTok(&w, &eat) != Tok::kEmbed) return fail("expected Embed in RegulatedNotify", eat);
    if (!parseEmbedBody(&ev->regulated_signals, &ev->regulated_has_events,
                        &ev->regulated_request_id, &ev->regulated_events, !embedded)) {
      return false;
    }
    return expect('}', "expected } closing RegulatedNotify");
  }

  bool parseEvents(EventsDescriptor* ed) {
    if (!s_.accept('=')) return true;  // bare "Events"
    uint32_t id = 0;
    if (!number(&id, "bad request id")) return false;
    ed->request_id = id;
    if (!expect('{', "expected { after the request id")) return false;
    do {
      ed->events.emplace_back();
      if (!parseRequestedEvent(&ed->events.back(), false)) return false;
    } while (s_.accept(','));
    return expect('}', "expected , or } in Events");
  }

  bool parseSignal(std::string_view name, size_t at, Signal* sg) {
    if (name.empty()) return fail("expected a signal name", at);
    sg->name.assign(name);
    if (!s_.accept('{')) return true;
    do {
      std::string_view w;
      size_t pat = 0;
      Tok t = nextTok(&w, &pat);
      char next = s_.peek();
      bool eq = next == '=';
      if (t == Tok::kStream && eq) {
        s_.setPos(s_.pos() + 1);
        if (!optNumber(&sg->stream, "bad stream id")) return false;
      } else if (t == Tok::kSignalType && eq) {
        s_.setPos(s_.pos() + 1);
        size_t vat = 0;
        switch (nextTok(&w, &vat)) {
          case Tok::kOnOff: sg->type = SignalType::kOnOff; break;
          case Tok::kTimeOut: sg->type = SignalType::kTimeOut; break;
          case Tok::kBrief: sg->type = SignalType::kBrief; break;
          default: return fail("expected OnOff, TimeOut or Brief", vat);
        }
      } else if (t == Tok::kDuration && eq) {
        s_.setPos(s_.pos() + 1);
        if (!optNumber(&sg->duration, "bad duration")) return false;
      } else if (t == Tok::kNotifyCompletion && eq) {
        s_.setPos(s_.pos() + 1);
        if (!expect('{', "expected { after NotifyCompletion =")) return false;
        uint8_t bits = 0;
        do {
          size_t vat = 0;
          switch (nextTok(&w, &vat)) {
            case Tok::kTimeOut: bits |= kNcTimeOut; break;
            case Tok::kInterruptByEvent: bits |= kNcInterruptByEvent; break;
            case Tok::kInterruptByNewSignals: bits |= kNcInterruptByNewSignals; break;
            case Tok::kOtherReason: bits |= kNcOtherReason; break;
            case Tok::kIteration: bits |= kNcIteration; break;
            default: return fail("expected a notification reason", vat);
          }
        } while (s_.accept(','));
        if (!expect('}', "expected , or } in NotifyCompletion")) return false;
        sg->notify_completion = bits;
      } else if (t == Tok::kKeepActive && !isRelationChar(next)) {
        sg->keep_active = true;
      } else if (t == Tok::kDirection && eq) {
        s_.setPos(s_.pos() + 1);
        size_t vat = 0;
        switch (nextTok(&w, &vat)) {
          case Tok::kExternal: sg->direction = SignalDirection::kExternal; break;
          case Tok::kInternal: sg->direction = SignalDirection::kInternal; break;
          case Tok::kBoth: sg->direction = SignalDirection::kBoth; break;
          default: return fail("expected External, Internal or Both", vat);
        }
      } else if (t == Tok::kRequestId && eq) {
        s_.setPos(s_.pos() + 1);
        if (!optNumber(&sg->request_id, "bad request id")) return false;
      } else if (t == Tok::kIntersignal && eq) {
        s_.setPos(s_.pos() + 1);
        if (!optNumber(&sg->intersignal_delay, "bad intersignal delay")) return false;
      } else {
        if (!parseParm(&sg->params, w, pat)) return false;
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in the signal parameters");
  }

  bool parseSignals(SignalsDescriptor* sd) {
    if (!s_.accept('{')) return true;  // bare "Signals"
    if (s_.accept('}')) return true;   // "Signals { }" (written back as bare Signals)
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      if (t == Tok::kSignalList && s_.peek() == '=') {
        s_.setPos(s_.pos() + 1);
        SignalList sl;
        if (!number(&sl.id, "bad signal list id")) return false;
        if (!expect('{', "expected { after the signal list id")) return false;
        do {
          size_t sat = 0;
          nextTok(&w, &sat);
          sl.signals.emplace_back();
          if (!parseSignal(w, sat, &sl.signals.back())) return false;
        } while (s_.accept(','));
        if (!expect('}', "expected , or } in SignalList")) return false;
        sd->items.emplace_back(std::move(sl));
      } else {
        Signal sg;
        if (!parseSignal(w, at, &sg)) return false;
        sd->items.emplace_back(std::move(sg));
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in Signals");
  }

  // Parameters of an event spec or observed event: Stream = n or a parm.
  bool streamOrParms(std::optional<uint16_t>* stream, std::vector<Parm>* params) {
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      if (t == Tok::kStream && s_.peek() == '=') {
        s_.setPos(s_.pos() + 1);
        if (!optNumber(stream, "bad stream id")) return false;
      } else {
        if (!parseParm(params, w, at)) return false;
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in the event parameters");
  }

  bool parseEventBuffer(EventBufferDescriptor* eb) {
    if (!s_.accept('{')) return true;  // bare "EventBuffer"
    do {
      EventSpec es;
      std::string_view w;
      if (!needWord(&w, "expected an event name")) return false;
      es.name.assign(w);
      if (s_.accept('{')) {
        if (!streamOrParms(&es.stream, &es.params)) return false;
      }
      eb->events.push_back(std::move(es));
    } while (s_.accept(','));
    return expect('}', "expected , or } in EventBuffer");
  }

  // A construct that needs protocol version `v` or later.
  bool needVersion(uint8_t v, size_t at) {
    if (version_ >= v) return true;
    return fail(v == 2 ? "individual audit descriptors need version 2" : "needs version 3", at);
  }

  bool parseAudit(AuditDescriptor* ad) {
    if (!expect('{', "expected { after Audit")) return false;
    if (s_.accept('}')) return true;
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      if (!auditItem(t, at, ad)) return false;
    } while (s_.accept(','));
    return expect('}', "expected , or } in Audit");
  }

  // Whether `t` starts an Annex B auditItem (a bare item or an individual audit).
  static bool isAuditItemTok(Tok t) {
    switch (t) {
      case Tok::kMux:
      case Tok::kModem:
      case Tok::kMedia:
      case Tok::kSignals:
      case Tok::kEventBuffer:
      case Tok::kDigitMap:
      case Tok::kStatistics:
      case Tok::kEvents:
      case Tok::kObservedEvents:
      case Tok::kPackages: return true;
      default: return false;
    }
  }

  // One auditItem (token `t` at `at` already read) into `ad`.
  bool auditItem(Tok t, size_t at, AuditDescriptor* ad) {
    char next = s_.peek();
    // Media, Events, Signals, DigitMap, EventBuffer, Statistics and Packages followed by
    // "{" (or "=" for Events and DigitMap) are individual audit descriptors; bare, items.
    bool ind = next == '{' || (next == '=' && (t == Tok::kEvents || t == Tok::kDigitMap));
    if (ind) {
      if (!needVersion(2, at)) return false;
      return parseIndAud(t, at, &ad->parameters);
    }
    switch (t) {
      case Tok::kMux: ad->items |= kAuditMux; break;
      case Tok::kModem: ad->items |= kAuditModem; break;
      case Tok::kMedia: ad->items |= kAuditMedia; break;
      case Tok::kSignals: ad->items |= kAuditSignals; break;
      case Tok::kEventBuffer: ad->items |= kAuditEventBuffer; break;
      case Tok::kDigitMap: ad->items |= kAuditDigitMap; break;
      case Tok::kStatistics: ad->items |= kAuditStatistics; break;
      case Tok::kEvents: ad->items |= kAuditEvents; break;
      case Tok::kObservedEvents: ad->items |= kAuditObservedEvents; break;
      case Tok::kPackages: ad->items |= kAuditPackages; break;
      default: return fail("expected an audit item", at);
    }
    return true;
  }

  // pkgdName: "pkg/item", "pkg/*" or "*/*".
  bool pkgdName(std::string* out, const char* reason) {
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view w = s_.word();
    size_t slash = w.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == w.size()) {
      return fail(reason, at);
    }
    out->assign(w);
    return true;
  }

  // After a property name inside an individual audit: nothing (the bare name) or, v3, a
  // condition "=v", "={..}", "=[..]", ">v", "<v", "#v".
  bool indAudProp(std::string_view name, size_t at, Parm* p) {
    if (name.find('/') == std::string_view::npos) return fail("expected pkg/name", at);
    if (!isRelationChar(s_.peek())) {
      p->name.assign(name);
      return true;
    }
    if (!needVersion(3, s_.pos())) return false;
    return parseParmRest(name, at, p);
  }

  // "= v" or "# v" (also "<", ">") after Mode or ServiceStates in an individual audit.
  bool selectRelation(Parm::Relation* rel) {
    char c = s_.peek();
    if (!needVersion(3, s_.pos())) return false;
    s_.setPos(s_.pos() + 1);
    *rel = c == '='   ? Parm::Relation::kEqual
           : c == '>' ? Parm::Relation::kGreater
           : c == '<' ? Parm::Relation::kLess
                      : Parm::Relation::kNotEqual;
    return true;
  }

  bool streamMode(StreamMode* m) {
    std::string_view w;
    size_t at = 0;
    switch (nextTok(&w, &at)) {
      case Tok::kSendOnly: *m = StreamMode::kSendOnly; return true;
      case Tok::kRecvOnly: *m = StreamMode::kRecvOnly; return true;
      case Tok::kSendRecv: *m = StreamMode::kSendRecv; return true;
      case Tok::kInactive: *m = StreamMode::kInactive; return true;
      case Tok::kLoopback: *m = StreamMode::kLoopback; return true;
      default: return fail("expected a stream mode", at);
    }
  }

  bool serviceState(ServiceState* st) {
    std::string_view w;
    size_t at = 0;
    switch (nextTok(&w, &at)) {
      case Tok::kTest: *st = ServiceState::kTest; return true;
      case Tok::kOutOfService: *st = ServiceState::kOutOfService; return true;
      case Tok::kInService: *st = ServiceState::kInService; return true;
      default: return fail("expected Test, OutOfService or InService", at);
    }
  }

  bool parseIndAudLocalControl(IndAudLocalControl* lc) {
    if (!expect('{', "expected { after LocalControl")) return false;
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      bool rel = isRelationChar(s_.peek());
      if (t == Tok::kMode) {
        if (lc->mode || lc->mode_select) return failWith(Errc::kPropertyTwice, "Mode twice", at);
        if (rel) {
          if (!selectRelation(&lc->mode_relation)) return false;
          StreamMode m{};
          if (!streamMode(&m)) return false;
          lc->mode_select = m;
        } else {
          lc->mode = true;
        }
      } else if (t == Tok::kReservedValue && !rel) {
        if (lc->reserve_value) return failWith(Errc::kPropertyTwice, "ReservedValue twice", at);
        lc->reserve_value = true;
      } else if (t == Tok::kReservedGroup && !rel) {
        if (lc->reserve_group) return failWith(Errc::kPropertyTwice, "ReservedGroup twice", at);
        lc->reserve_group = true;
      } else {
        lc->props.emplace_back();
        if (!indAudProp(w, at, &lc->props.back())) return false;
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in LocalControl");
  }

  // Local { sdp } / Remote { sdp } of an individual audit: v3 (Erlang reads it, see README).
  bool indAudSdp(std::optional<std::string>* out, size_t at) {
    return needVersion(3, at) && parseSdp(out, at);
  }

  bool parseIndAudStreamParm(Tok t, size_t at, IndAudStreamParms* sp) {
    switch (t) {
      case Tok::kLocalControl:
        if (sp->local_control) return failWith(Errc::kDescriptorTwice, "LocalControl twice", at);
        sp->local_control.emplace();
        return parseIndAudLocalControl(&*sp->local_control);
      case Tok::kLocal: return indAudSdp(&sp->local, at);
      case Tok::kRemote: return indAudSdp(&sp->remote, at);
      case Tok::kStatistics: {
        if (sp->statistic) return failWith(Errc::kDescriptorTwice, "Statistics twice", at);
        std::string name;
        if (!expect('{', "expected { after Statistics")) return false;
        if (!pkgdName(&name, "expected a statistic name")) return false;
        sp->statistic = std::move(name);
        return expect('}', "expected } closing Statistics");
      }
      default: return fail("expected LocalControl, Local, Remote or Statistics", at);
    }
  }

  bool parseIndAudTerminationState(IndAudTerminationState* ts) {
    if (!expect('{', "expected { after TerminationState")) return false;
    std::string_view w;
    size_t at = 0;
    Tok t = nextTok(&w, &at);
    bool rel = isRelationChar(s_.peek());
    if (t == Tok::kServiceStates) {
      if (rel) {
        if (!selectRelation(&ts->service_state_relation)) return false;
        ServiceState st{};
        if (!serviceState(&st)) return false;
        ts->service_state_select = st;
      } else {
        ts->service_state = true;
      }
    } else if (t == Tok::kBuffer && !rel) {
      ts->buffer = true;
    } else {
      ts->prop.emplace();
      if (!indAudProp(w, at, &*ts->prop)) return false;
    }
    return expect('}', "expected } closing TerminationState (one item only)");
  }

  bool parseIndAudMedia(IndAudMediaDescriptor* m) {
    if (!expect('{', "expected { after Media")) return false;
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      if (t == Tok::kTerminationState) {
        if (m->termination_state)
          return failWith(Errc::kDescriptorTwice, "TerminationState twice", at);
        m->termination_state.emplace();
        if (!parseIndAudTerminationState(&*m->termination_state)) return false;
      } else if (t == Tok::kStream) {
        IndAudStream st;
        if (!expect('=', "expected = after Stream")) return false;
        if (!number(&st.id, "bad stream id")) return false;
        if (!expect('{', "expected { after the stream id")) return false;
        size_t pat = 0;
        Tok pt = nextTok(&w, &pat);
        if (!parseIndAudStreamParm(pt, pat, &st.parms)) return false;
        if (!expect('}', "expected } closing Stream (one item only)")) return false;
        m->streams.push_back(std::move(st));
      } else {
        if (!m->one_stream) m->one_stream.emplace();
        if (!parseIndAudStreamParm(t, at, &*m->one_stream)) return false;
      }
    } while (s_.accept(','));
    if (m->one_stream && !m->streams.empty()) {
      return fail("stream parameters both inside and outside Stream");
    }
    return expect('}', "expected , or } in Media");
  }

  // pkg/signal [{ Stream = n, RequestID = id }] after its name.
  bool parseIndAudSignal(std::string_view name, size_t at, IndAudSignal* sg) {
    if (name.find('/') == std::string_view::npos) return fail("expected a signal name", at);
    sg->name.assign(name);
    if (!s_.accept('{')) return true;
    do {
      std::string_view w;
      size_t pat = 0;
      Tok t = nextTok(&w, &pat);
      if (!expect('=', "expected = after Stream or RequestID")) return false;
      if (t == Tok::kStream && !sg->stream) {
        if (!optNumber(&sg->stream, "bad stream id")) return false;
      } else if (t == Tok::kRequestId && !sg->request_id) {
        if (!needVersion(3, pat)) return false;
        if (!optNumber(&sg->request_id, "bad request id")) return false;
      } else {
        return fail("expected Stream or RequestID (each once)", pat);
      }
    } while (s_.accept(','));
    return expect('}', "expected , or } in the signal");
  }

  bool parseIndAudSignals(IndAudSignalsDescriptor* sd) {
    if (!expect('{', "expected { after Signals")) return false;
    if (s_.accept('}')) return true;  // "Signals { }": all signals
    std::string_view w;
    size_t at = 0;
    Tok t = nextTok(&w, &at);
    if (t == Tok::kSignalList && s_.peek() == '=') {
      s_.setPos(s_.pos() + 1);
      uint16_t id = 0;
      if (!number(&id, "bad signal list id")) return false;
      sd->list_id = id;
      if (s_.accept('{')) {
        size_t sat = 0;
        nextTok(&w, &sat);
        sd->signal.emplace();
        if (!parseIndAudSignal(w, sat, &*sd->signal)) return false;
        if (!expect('}', "expected } closing SignalList (one signal only)")) return false;
      }
    } else {
      sd->signal.emplace();
      if (!parseIndAudSignal(w, at, &*sd->signal)) return false;
    }
    return expect('}', "expected } closing Signals (one item only)");
  }

  // One individual audit descriptor; `t` has been read and "{" or "=" follows.
  bool parseIndAud(Tok t, size_t at, std::vector<IndAudParameter>* out) {
    switch (t) {
      case Tok::kMedia: {
        IndAudMediaDescriptor d;
        if (!parseIndAudMedia(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kEvents: {
        IndAudEventsDescriptor d;
        if (s_.accept('=')) {
          uint32_t id = 0;
          if (!number(&id, "bad request id")) return false;
          d.request_id = id;
        }
        if (!expect('{', "expected { after Events")) return false;
        if (!pkgdName(&d.name, "expected an event name")) return false;
        if (!expect('}', "expected } closing Events (one event only)")) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kSignals: {
        IndAudSignalsDescriptor d;
        if (!parseIndAudSignals(&d)) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kDigitMap: {
        IndAudDigitMapDescriptor d;
        std::string_view w;
        if (!expect('=', "expected = after DigitMap")) return false;
        if (!needWord(&w, "expected a digit map name")) return false;
        d.name.assign(w);
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kEventBuffer: {
        IndAudEventBufferDescriptor d;
        if (!expect('{', "expected { after EventBuffer")) return false;
        if (!pkgdName(&d.name, "expected an event name")) return false;
        if (s_.accept('{')) {
          std::string_view w;
          size_t pat = 0;
          Tok pt = nextTok(&w, &pat);
          if (pt == Tok::kStream && s_.peek() == '=') {
            s_.setPos(s_.pos() + 1);
            if (!optNumber(&d.stream, "bad stream id")) return false;
          } else if (!w.empty() && classify(w) == Tok::kNone) {
            d.parameter.assign(w);
          } else {
            return fail("expected Stream or a parameter name", pat);
          }
          if (!expect('}', "expected } after the event parameter (one only)")) return false;
        }
        if (!expect('}', "expected } closing EventBuffer (one event only)")) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kStatistics: {
        IndAudStatisticsDescriptor d;
        if (!expect('{', "expected { after Statistics")) return false;
        if (!pkgdName(&d.name, "expected a statistic name")) return false;
        if (!expect('}', "expected } closing Statistics (one statistic only)")) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      case Tok::kPackages: {
        IndAudPackagesDescriptor d;
        if (!expect('{', "expected { after Packages")) return false;
        if (!packageItem(&d.package)) return false;
        if (!expect('}', "expected } closing Packages (one package only)")) return false;
        out->emplace_back(std::move(d));
        return true;
      }
      default: return fail("expected an audit item", at);
    }
  }

  bool packageItem(PackageItem* out) {
    s_.skipSep();
    size_t at = s_.pos();
    std::string_view w = s_.word();
    size_t dash = w.rfind('-');
    uint64_t v = 0;
    if (dash == std::string_view::npos || dash == 0 || !toUint(w.substr(dash + 1), 65535, &v)) {
      return fail("expected package-version", at);
    }
    *out = PackageItem{std::string(w.substr(0, dash)), static_cast<uint16_t>(v)};
    return true;
  }

  bool parseStatistics(std::vector<Statistic>* stats) {
    if (!expect('{', "expected { after Statistics")) return false;
    do {
      Statistic st;
      std::string_view w;
      if (!needWord(&w, "expected a statistic name")) return false;
      st.name.assign(w);
      if (s_.accept('=')) {
        if (s_.accept('[')) {
          do {
            st.values.emplace_back();
            if (!value(&st.values.back())) return false;
          } while (s_.accept(','));
          if (!expect(']', "expected , or ] in the statistic value")) return false;
        } else {
          st.values.emplace_back();
          if (!value(&st.values.back())) return false;
        }
      }
      stats->push_back(std::move(st));
    } while (s_.accept(','));
    return expect('}', "expected , or } in Statistics");
  }

  bool parsePackages(PackagesDescriptor* pg) {
    if (!expect('{', "expected { after Packages")) return false;
    do {
      pg->packages.emplace_back();
      if (!packageItem(&pg->packages.back())) return false;
    } while (s_.accept(','));
    return expect('}', "expected , or } in Packages");
  }

  bool parseObservedEvents(ObservedEventsDescriptor* oe) {
    if (!expect('=', "expected = after ObservedEvents")) return false;
    if (!number(&oe->request_id, "bad request id")) return false;
    if (!expect('{', "expected { after the request id")) return false;
    do {
      ObservedEvent ev;
      std::string_view w;
      s_.skipSep();
      size_t at = s_.pos();
      if (!needWord(&w, "expected an event name")) return false;
      if (s_.accept(':')) {
        if (!isTimestamp(w)) return fail("bad time stamp", at);
        ev.timestamp = canonicalTimestamp(w);
        if (!needWord(&w, "expected an event name")) return false;
      }
      ev.name.assign(w);
      if (s_.accept('{')) {
        if (!streamOrParms(&ev.stream, &ev.params)) return false;
      }
      oe->events.push_back(std::move(ev));
    } while (s_.accept(','));
    return expect('}', "expected , or } in ObservedEvents");
  }

  // ServiceChangeAddress / MgcIdToTry value: an mId, or (address only) a port number.
  bool addressOrPort(std::optional<MId>* mid, std::optional<uint16_t>* port) {
    char c = s_.peek();
    if (port && c >= '0' && c <= '9') {
      size_t at = s_.pos();
      std::string_view w = s_.word();
      uint64_t v = 0;
      if (!toUint(w, 65535, &v)) return fail("bad port number", at);
      *port = static_cast<uint16_t>(v);
      return true;
    }
    MId m;
    if (!parseMId(&m)) return false;
    *mid = std::move(m);
    return true;
  }

  bool parseServices(ServiceChangeParms* sc) {
    if (!expect('{', "expected { after Services")) return false;
    do {
      std::string_view w;
      size_t at = 0;
      Tok t = nextTok(&w, &at);
      switch (t) {
        case Tok::kMethod: {
          if (!expect('=', "expected = after Method")) return false;
          size_t vat = 0;
          switch (nextTok(&w, &vat)) {
            case Tok::kFailover: sc->method = ServiceChangeMethod::kFailover; break;
            case Tok::kForced: sc->method = ServiceChangeMethod::kForced; break;
            case Tok::kGraceful: sc->method = ServiceChangeMethod::kGraceful; break;
            case Tok::kRestart: sc->method = ServiceChangeMethod::kRestart; break;
            case Tok::kDisconnected: sc->method = ServiceChangeMethod::kDisconnected; break;
            case Tok::kHandOff: sc->method = ServiceChangeMethod::kHandOff; break;
            default: return fail("expected a ServiceChange method", vat);
          }
          break;
        }
        case Tok::kReason: {
          if (!expect('=', "expected = after Reason")) return false;
          std::string r;
          if (!value(&r)) return false;
          sc->reason = std::move(r);
          break;
        }
        case Tok::kDelay:
          if (!expect('=', "expected = after Delay")) return false;
          if (!optNumber(&sc->delay, "bad delay")) return false;
          break;
        case Tok::kServiceChangeAddress:
          if (!expect('=', "expected = after ServiceChangeAddress")) return false;
          if (!addressOrPort(&sc->address, &sc->address_port)) return false;
          break;
        case Tok::kMgcIdToTry:
          if (!expect('=', "expected = after MgcIdToTry")) return false;
          if (!addressOrPort(&sc->mgc_id, nullptr)) return false;
          break;
        case Tok::kProfile: {
          if (!expect('=', "expected = after Profile")) return false;
          s_.skipSep();
          size_t vat = s_.pos();
          std::string_view pw = s_.word();
          size_t slash = pw.rfind('/');
          uint64_t v = 0;
          if (slash == std::string_view::npos || slash == 0 ||
              !toUint(pw.substr(slash + 1), 99, &v)) {
            return fail("expected profile/version", vat);
          }
          sc->profile =
              ServiceChangeProfile{std::string(pw.substr(0, slash)), static_cast<uint32_t>(v)};
          break;
        }
        case Tok::kVersion: {
          if (!expect('=', "expected = after Version")) return false;
          uint32_t v = 0;
          if (!number(&v, "bad version", 99)) return false;
          sc->version = v;
          break;
        }
        case Tok::kServiceChangeInc: sc->incomplete = true; break;
        default:
          if (isAuditItemTok(t)) {
            // v2 Annex B serviceChangeParm / auditItem (ASN.1 serviceChangeInfo).
            if (!needVersion(2, at)) return false;
            if (!sc->info) sc->info.emplace();
            if (!auditItem(t, at, &*sc->info)) return false;
            break;
          }
          if (isTimestamp(w)) {
            sc->timestamp = canonicalTimestamp(w);
            break;
          }
          return fail("expected a ServiceChange parameter", at);
      }
    } while (s_.accept(','));
    if ((sc->address || sc->address_port) && sc->mgc_id) {
      // H.248.1 7.2.8: MgcIdToTry and ServiceChangeAddress exclude each other (Erlang
      // megaco rejects the pair too).
      return fail("ServiceChangeAddress and MgcIdToTry together");
    }
    return expect('}', "expected , or } in Services");
  }

  Scanner s_;
  uint8_t version_ = 3;
  Errc level_ = Errc::kProtocolError;
  bool failed_ = false;
  Error err_{};
};

}  // namespace

std::string normalizeSdp(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + 8);
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t eol = raw.find('\n', pos);
    std::string_view line =
        raw.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? raw.size() : eol + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r')) {
      line.remove_prefix(1);
    }
    if (line.empty()) continue;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '}') continue;
      out.push_back(line[i]);
    }
    out += "\r\n";
  }
  return out;
}

Result<Message> parseMessage(std::string_view text) {
  return Parser(text).run();
}

namespace detail {
Result<size_t> parseHeader(std::string_view text, Message* m) {
  return Parser(text).header(*m);
}
}  // namespace detail

}  // namespace msrpgw::proto::h248
