#include "core/pinyin.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <stdexcept>

namespace huying {

namespace {

// Transliterators are not thread-safe: one per thread, made on first use.
icu::Transliterator& han_latin() {
  thread_local std::unique_ptr<icu::Transliterator> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !t)
      throw std::runtime_error(std::string("ICU Han-Latin transliterator: ") + u_errorName(status));
    return t;
  }();
  return *instance;
}

// Characters read differently as surnames than elsewhere; ICU gives the common reading
// (单 dān, 曾 céng), while 单雄信 is Shàn Xióngxìn and 曾国藩 Zēng Guófān.
struct SurnameReading {
  std::string_view surname;
  std::string_view pinyin;  // syllables separated by spaces
};
constexpr SurnameReading surname_readings[] = {
    {"万俟", "mo qi"}, {"尉迟", "yu chi"}, {"长孙", "zhang sun"}, {"单", "shan"}, {"曾", "zeng"},
    {"仇", "qiu"},     {"解", "xie"},      {"区", "ou"},          {"查", "zha"},  {"朴", "piao"},
    {"盖", "ge"},      {"乐", "yue"},      {"覃", "qin"},         {"翟", "zhai"}, {"缪", "miao"},
    {"秘", "bi"},      {"宓", "mi"},       {"召", "shao"},        {"繁", "po"},   {"句", "gou"},
};

}  // namespace

Pinyin to_pinyin(std::string_view utf8_name) {
  std::string prefix;
  for (const auto& reading : surname_readings)
    if (utf8_name.starts_with(reading.surname)) {
      prefix = std::string(reading.pinyin) + " ";
      utf8_name.remove_prefix(reading.surname.size());
      break;
    }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8_name.data(), static_cast<int32_t>(utf8_name.size())));
  han_latin().transliterate(text);
  text.insert(0, icu::UnicodeString::fromUTF8(prefix));
  std::string latin;
  text.toUTF8String(latin);
  Pinyin out;
  bool word_start = true;
  for (char c : latin) {
    if (c >= 'a' && c <= 'z') {
      out.full += c;
      if (word_start) out.initials += c;
      word_start = false;
    } else {
      word_start = true;  // syllables come separated by spaces; "·" and others too
    }
  }
  return out;
}

std::string pinyin_query(std::string_view query) {
  std::string out;
  for (char c : query) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c >= 'a' && c <= 'z')
      out += c;
    else if (c == ' ' || c == '\'')
      continue;
    else
      return {};
  }
  return out;
}

}  // namespace huying
