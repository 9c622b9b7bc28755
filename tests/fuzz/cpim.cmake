# message/cpim parser and IMDN body parser (proto/cpim).
msrpgw_fuzzer(NAME cpim_fuzz SOURCE cpim_fuzz.cc DEPS msrpgw_proto_cpim
              CORPUS tests/fuzz/corpus/cpim)
