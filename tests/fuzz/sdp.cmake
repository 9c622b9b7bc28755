# The SDP parser (sofia-sip underneath) and writer, seeded with the golden SDP texts.
msrpgw_fuzzer(NAME sdp_parse_fuzz SOURCE sdp_parse_fuzz.cc DEPS msrpgw_proto_sdp
              CORPUS tests/fuzz/corpus/sdp)
