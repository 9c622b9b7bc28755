# X1 request parser (proto/li/x1), with and without the ETSI/3GPP schema set, which CI has
# beside the repository.
msrpgw_fuzzer(NAME x1_fuzz SOURCE x1_fuzz.cc DEPS msrpgw_proto_li_x1
              CORPUS tests/fuzz/corpus/x1)
target_compile_definitions(x1_fuzz PRIVATE
  MSRPGW_LI_XSD="${PROJECT_SOURCE_DIR}/../shared/reference/li/xsd/X1All-3GPP.xsd")
