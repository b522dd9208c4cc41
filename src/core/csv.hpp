#pragma once
// CSV as spreadsheets write it (RFC 4180: quoted fields, doubled quotes, CRLF or LF), and
// the encodings they write it in: UTF-8 (with or without BOM) or, from Excel in China, GB18030.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huying::csv {

using Row = std::vector<std::string>;

// Parses the whole text; throws std::invalid_argument naming the line of an unclosed quote.
std::vector<Row> parse(std::string_view utf8_text);

// Converts GB18030 bytes to UTF-8 (ICU); throws std::invalid_argument on invalid bytes.
std::string gb18030_to_utf8(std::string_view bytes);

enum class Encoding { automatic, utf8, gb18030 };
// The text as UTF-8 and the encoding it was read in ("utf-8" or "gb18030"); a UTF-8 BOM is
// dropped. Throws std::invalid_argument when the bytes fit the chosen encoding nowhere.
std::pair<std::string, std::string> decode(std::string_view bytes, Encoding encoding);

}  // namespace huying::csv
