#include "core/csv.hpp"
#include "core/text.hpp"

#include <unicode/ucnv.h>

#include <memory>
#include <stdexcept>

namespace huying::csv {

std::vector<Row> parse(std::string_view text) {
  std::vector<Row> rows;
  Row row;
  std::string field;
  bool quoted = false, field_started = false;
  std::size_t line = 1, quote_line = 0;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_row = [&] {
    end_field();
    bool blank = row.size() == 1 && row[0].empty();
    if (!blank) rows.push_back(std::move(row));
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
      quote_line = line;
    } else if (c == ',') {
      end_field();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // the \n ends the row
    } else if (c == '\n' || c == '\r') {
      ++line;
      end_row();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted)
    throw std::invalid_argument("a quoted field opened on line " + std::to_string(quote_line) +
                                " is never closed");
  if (field_started || !row.empty()) end_row();
  return rows;
}

std::string gb18030_to_utf8(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open("GB18030", &status),
                                                               &ucnv_close);
  if (U_FAILURE(status)) throw std::runtime_error("ICU has no GB18030 converter");
  // Invalid bytes must fail loudly, not turn silently into replacement characters.
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string utf16(bytes.size() * 2 + 2, u'\0');
  int32_t length = ucnv_toUChars(converter.get(), reinterpret_cast<UChar*>(utf16.data()),
                                 int32_t(utf16.size()), bytes.data(), int32_t(bytes.size()), &status);
  if (U_FAILURE(status)) throw std::invalid_argument("the file is neither UTF-8 nor GB18030");
  utf16.resize(length);
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  for (std::size_t i = 0; i < utf16.size(); ++i) {
    char32_t cp = utf16[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < utf16.size()) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (char32_t(utf16[++i]) - 0xDC00);
    }
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | (cp >> 6));
      out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += char(0xE0 | (cp >> 12));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xF0 | (cp >> 18));
      out += char(0x80 | ((cp >> 12) & 0x3F));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

std::pair<std::string, std::string> decode(std::string_view bytes, Encoding encoding) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  bool utf8 = is_valid_utf8(bytes);
  if (encoding == Encoding::utf8 || (encoding == Encoding::automatic && utf8)) {
    if (!utf8) throw std::invalid_argument("the file is not valid UTF-8");
    return {std::string(bytes), "utf-8"};
  }
  return {gb18030_to_utf8(bytes), "gb18030"};
}

}  // namespace huying::csv
