# H.248 text parser; seeds are the golden vectors of tests/unit/h248 and the near-miss
# inputs in its vectors/fuzz/ folder (libFuzzer reads corpus folders recursively).
msrpgw_fuzzer(NAME h248_fuzz SOURCE ${CMAKE_CURRENT_LIST_DIR}/h248_fuzz.cc
              DEPS msrpgw_proto_h248 CORPUS tests/unit/h248/vectors)
