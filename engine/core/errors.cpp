#include "core/errors.hpp"

namespace bnlab {

namespace {

// Length of the valid UTF-8 sequence starting at `text[index]`, or 0 when it is not one.
std::size_t utf8_sequence_length(const std::string& text, std::size_t index) {
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(index);
  std::size_t length = 0;
  unsigned minimum = 0;
  unsigned code = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) { length = 2; minimum = 0x80; code = lead & 0x1F; }
  else if ((lead & 0xF0) == 0xE0) { length = 3; minimum = 0x800; code = lead & 0x0F; }
  else if ((lead & 0xF8) == 0xF0) { length = 4; minimum = 0x10000; code = lead & 0x07; }
  else return 0;
  if (index + length > text.size()) return 0;
  for (std::size_t offset = 1; offset < length; ++offset) {
    if ((byte(index + offset) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(index + offset) & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not valid UTF-8.
  if (code < minimum || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return 0;
  return length;
}

}  // namespace

std::string printable_message(const std::string& message) {
  std::string text;
  text.reserve(message.size());
  for (std::size_t index = 0; index < message.size();) {
    if (message[index] == '\0') {
      text += "\\u0000";
      ++index;
      continue;
    }
    const std::size_t length = utf8_sequence_length(message, index);
    if (length == 0) {
      text += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++index;
    } else {
      text.append(message, index, length);
      index += length;
    }
  }
  return text;
}

}  // namespace bnlab
