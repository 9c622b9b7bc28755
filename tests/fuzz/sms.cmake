# RP messages and TPDUs (proto/sms), plus segmentation of the input as text.
msrpgw_fuzzer(NAME sms_fuzz SOURCE sms_fuzz.cc DEPS msrpgw_proto_sms
              CORPUS tests/fuzz/corpus/sms)
