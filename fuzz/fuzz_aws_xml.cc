// The XML reader of AWS query-API answers (aws/value.h): any bytes give a value or an XmlError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/value.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const iw::aws::Value v = iw::aws::parse_xml_response(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)iw::aws::to_json_text(v);
  } catch (const iw::aws::XmlError&) {
  }
  return 0;
}
