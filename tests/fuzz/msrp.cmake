# The MSRP frame parser, seeded with the golden vectors.
msrpgw_fuzzer(NAME msrp_parser_fuzz SOURCE msrp_parser_fuzz.cc DEPS msrpgw_proto_msrp
              CORPUS tests/unit/msrp/vectors)
