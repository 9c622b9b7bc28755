# X2/X3 PDU decoder and stream framer (proto/li).
msrpgw_fuzzer(NAME li_pdu_fuzz SOURCE li_pdu_fuzz.cc DEPS msrpgw_proto_li
              CORPUS tests/fuzz/corpus/li_pdu)
