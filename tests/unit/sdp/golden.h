// Golden SDP texts for the proto/sdp tests, named for their source. The fuzzer's seed
// corpus (tests/fuzz/corpus/sdp/) holds the same texts.
#pragma once

namespace msrpgw::proto::sdp::golden {

// reference/h248.md section 4: the MGC's Local, with CHOOSE for address and port.
inline constexpr const char* kH248Local =
    "v=0\n"
    "c=IN IP4 $\n"
    "m=message $ TCP/MSRP *\n"
    "a=setup:passive\n";

// reference/h248.md section 4: the MGC's Remote.
inline constexpr const char* kH248Remote =
    "v=0\n"
    "c=IN IP4 198.51.100.7\n"
    "m=message 7394 TCP/MSRP *\n"
    "a=path:msrp://198.51.100.7:7394/abcd;tcp\n"
    "a=setup:active\n"
    "a=accept-types:message/cpim text/plain\n"
    "a=max-size:65536\n";

// reference/h248.md section 4: the MG's reply Local.
inline constexpr const char* kH248ReplyLocal =
    "v=0\r\n"
    "c=IN IP4 192.0.2.2\r\n"
    "m=message 40000 TCP/MSRP *\r\n"
    "a=setup:passive\r\n";

// reference/msrp.md section 7 (the ';' explanations removed), as a full SDP.
inline constexpr const char* kMsrpSection7 =
    "v=0\r\n"
    "o=alice 2890844526 2890844527 IN IP4 198.51.100.7\r\n"
    "s=-\r\n"
    "c=IN IP4 198.51.100.7\r\n"
    "t=0 0\r\n"
    "m=message 7394 TCP/MSRP *\r\n"
    "a=path:msrp://198.51.100.7:7394/s1;tcp\r\n"
    "a=accept-types:message/cpim text/plain\r\n"
    "a=accept-wrapped-types:text/plain image/*\r\n"
    "a=max-size:65536\r\n"
    "a=setup:actpass\r\n"
    "a=connection:new\r\n"
    "a=msrp-cema\r\n";

// RFC 5547 section 10.1 style push offer (sendonly, file-selector...), over msrps.
inline constexpr const char* kRfc5547PushOffer =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\n"
    "s=-\r\n"
    "c=IN IP4 host.atlanta.example.com\r\n"
    "t=0 0\r\n"
    "m=message 7654 TCP/TLS/MSRP *\r\n"
    "i=This is my latest picture\r\n"
    "a=sendonly\r\n"
    "a=accept-types:message/cpim\r\n"
    "a=accept-wrapped-types:*\r\n"
    "a=path:msrps://atlanta.example.com:7654/jshA7weztas;tcp\r\n"
    "a=fingerprint:SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB\r\n"
    "a=file-selector:name:\"My cool picture.jpg\" type:image/jpeg size:32349 "
    "hash:sha-1:72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E\r\n"
    "a=file-transfer-id:vBnG916bdberum2fFEABR1FR3ExZMUrd\r\n"
    "a=file-disposition:render\r\n"
    "a=file-date:creation:\"Mon, 15 May 2006 15:01:31 +0300\"\r\n"
    "a=file-icon:cid:id2@alicepc.example.com\r\n"
    "a=file-range:1-32349\r\n";

// RFC 5547 pull: the receiver offers recvonly.
inline constexpr const char* kRfc5547PullOffer =
    "v=0\n"
    "o=bob 2890844656 2890844656 IN IP4 host.biloxi.example.com\n"
    "s=-\n"
    "c=IN IP4 host.biloxi.example.com\n"
    "t=0 0\n"
    "m=message 8888 TCP/MSRP *\n"
    "a=recvonly\n"
    "a=accept-types:message/cpim\n"
    "a=path:msrp://host.biloxi.example.com:8888/9di4ea;tcp\n"
    "a=file-selector:name:\"report.pdf\" type:application/pdf size:1024\n"
    "a=file-transfer-id:Aq3sPl9m\n"
    "a=file-range:513-1024\n";

// IPv6, TLS, session-level c= only, RFC 6135 setup:holdconn and connection:existing,
// a relay in the path.
inline constexpr const char* kIpv6Msrps =
    "v=0\r\n"
    "o=- 1 1 IN IP6 2001:db8::1\r\n"
    "s=-\r\n"
    "c=IN IP6 2001:db8::7\r\n"
    "t=0 0\r\n"
    "m=message 2855 TCP/TLS/MSRP *\r\n"
    "a=path:msrps://relay.example.net:2855/r1;tcp msrps://[2001:db8::7]:2855/v6s;tcp\r\n"
    "a=setup:holdconn\r\n"
    "a=connection:existing\r\n"
    "a=accept-types:text/plain\r\n"
    "a=inactive\r\n";

// Several m= lines: audio, then two MSRP sessions (one passive, one active).
inline constexpr const char* kMultiMedia =
    "v=0\n"
    "o=- 7 7 IN IP4 192.0.2.9\n"
    "s=call\n"
    "c=IN IP4 192.0.2.9\n"
    "t=0 0\n"
    "m=audio 49170 RTP/AVP 0 96\n"
    "a=rtpmap:96 opus/48000/2\n"
    "a=ptime:20\n"
    "m=message 7001 TCP/MSRP *\n"
    "c=IN IP4 192.0.2.10\n"
    "a=path:msrp://192.0.2.10:7001/m1;tcp\n"
    "a=setup:passive\n"
    "a=accept-types:*\n"
    "m=message 7002 TCP/MSRP *\n"
    "a=path:msrp://192.0.2.9:7002/m2;tcp\n"
    "a=setup:active\n"
    "a=accept-types:text/*\n"
    "a=x-vendor:1\n";

}  // namespace msrpgw::proto::sdp::golden
