// Reading .xlsx workbooks: a zip (libzip) of XML parts (expat).
#include <expat.h>
#include <zip.h>

#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>

#include "modules/export/xlsx.hpp"

namespace huying::xlsx {

namespace {

std::string read_part(zip_t* archive, const std::string& name) {
  zip_stat_t stat;
  if (zip_stat(archive, name.c_str(), 0, &stat) != 0) return {};
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(archive, name.c_str(), 0), &zip_fclose);
  if (!file) return {};
  std::string out(stat.size, '\0');
  if (zip_fread(file.get(), out.data(), stat.size) != zip_int64_t(stat.size))
    throw std::invalid_argument("the workbook's part " + name + " cannot be read");
  return out;
}

// Runs expat over a document with start/end/text handlers given as lambdas.
struct Parser {
  std::function<void(const char*, const char**)> start;
  std::function<void(const char*)> end;
  std::function<void(std::string_view)> text;

  void parse(const std::string& xml) {
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> p(
        XML_ParserCreate("UTF-8"), &XML_ParserFree);
    XML_SetUserData(p.get(), this);
    XML_SetElementHandler(
        p.get(),
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          auto* me = static_cast<Parser*>(self);
          if (me->start) me->start(local(name), attrs);
        },
        [](void* self, const XML_Char* name) {
          auto* me = static_cast<Parser*>(self);
          if (me->end) me->end(local(name));
        });
    XML_SetCharacterDataHandler(p.get(), [](void* self, const XML_Char* s, int len) {
      auto* me = static_cast<Parser*>(self);
      if (me->text) me->text(std::string_view(s, std::size_t(len)));
    });
    if (XML_Parse(p.get(), xml.data(), int(xml.size()), XML_TRUE) != XML_STATUS_OK)
      throw std::invalid_argument(std::string("the workbook has malformed XML: ") +
                                  XML_ErrorString(XML_GetErrorCode(p.get())));
  }
  // "x:row" and "row" are the same element.
  static const char* local(const char* name) {
    const char* colon = std::strchr(name, ':');
    return colon ? colon + 1 : name;
  }
};

const char* attribute(const char** attrs, const char* name) {
  for (int i = 0; attrs[i]; i += 2)
    if (std::strcmp(Parser::local(attrs[i]), name) == 0) return attrs[i + 1];
  return nullptr;
}

// "BC12" → 54 (0-based column).
std::size_t column_of(const char* reference) {
  std::size_t column = 0;
  for (const char* c = reference; *c >= 'A' && *c <= 'Z'; ++c) column = column * 26 + std::size_t(*c - 'A' + 1);
  return column == 0 ? 0 : column - 1;
}

std::string first_sheet_path(zip_t* archive) {
  std::string rel_id;
  Parser workbook;
  workbook.start = [&](const char* name, const char** attrs) {
    if (rel_id.empty() && std::strcmp(name, "sheet") == 0)
      if (const char* id = attribute(attrs, "id")) rel_id = id;
  };
  workbook.parse(read_part(archive, "xl/workbook.xml"));
  std::string target;
  Parser rels;
  rels.start = [&](const char* name, const char** attrs) {
    if (std::strcmp(name, "Relationship") != 0) return;
    const char* id = attribute(attrs, "Id");
    if (id && rel_id == id) target = attribute(attrs, "Target") ? attribute(attrs, "Target") : "";
  };
  rels.parse(read_part(archive, "xl/_rels/workbook.xml.rels"));
  if (target.empty()) return "xl/worksheets/sheet1.xml";
  return target.starts_with("/") ? target.substr(1) : "xl/" + target;
}

}  // namespace

std::vector<std::vector<std::string>> read_first_sheet(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) throw std::invalid_argument("the workbook cannot be read");
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(zip_open_from_source(source, ZIP_RDONLY, &error),
                                                         &zip_discard);
  if (!archive) {
    zip_source_free(source);
    throw std::invalid_argument("the file is not an .xlsx workbook");
  }

  std::vector<std::string> shared;
  {
    bool in_text = false;
    Parser strings;
    strings.start = [&](const char* name, const char**) {
      if (std::strcmp(name, "si") == 0) shared.emplace_back();
      in_text = std::strcmp(name, "t") == 0;
    };
    strings.end = [&](const char* name) { if (std::strcmp(name, "t") == 0) in_text = false; };
    strings.text = [&](std::string_view s) { if (in_text && !shared.empty()) shared.back() += s; };
    if (std::string xml = read_part(archive.get(), "xl/sharedStrings.xml"); !xml.empty()) strings.parse(xml);
  }

  std::string sheet_xml = read_part(archive.get(), first_sheet_path(archive.get()));
  if (sheet_xml.empty()) throw std::invalid_argument("the workbook has no sheet");
  std::vector<std::vector<std::string>> rows;
  std::string type, value;
  std::size_t column = 0, next_column = 0;
  bool in_value = false;
  Parser sheet;
  sheet.start = [&](const char* name, const char** attrs) {
    if (std::strcmp(name, "row") == 0) {
      // Rows skipped by the sheet are blank rows of the table.
      if (const char* r = attribute(attrs, "r"))
        while (rows.size() + 1 < std::size_t(std::atol(r))) rows.emplace_back();
      rows.emplace_back();
      next_column = 0;
    } else if (std::strcmp(name, "c") == 0) {
      const char* r = attribute(attrs, "r");
      column = r ? column_of(r) : next_column;
      next_column = column + 1;
      type = attribute(attrs, "t") ? attribute(attrs, "t") : "";
      value.clear();
    } else if (std::strcmp(name, "v") == 0 || std::strcmp(name, "t") == 0) {
      in_value = true;
    }
  };
  sheet.text = [&](std::string_view s) { if (in_value) value += s; };
  sheet.end = [&](const char* name) {
    if (std::strcmp(name, "v") == 0 || std::strcmp(name, "t") == 0) {
      in_value = false;
    } else if (std::strcmp(name, "c") == 0 && !rows.empty()) {
      std::string cell = value;
      if (type == "s") {
        std::size_t index = std::size_t(std::atol(value.c_str()));
        cell = index < shared.size() ? shared[index] : "";
      } else if (type == "b") {
        cell = value == "1" ? "TRUE" : "FALSE";
      }
      auto& row = rows.back();
      if (row.size() <= column) row.resize(column + 1);
      row[column] = std::move(cell);
    }
  };
  sheet.parse(sheet_xml);
  // Trailing blank rows carry nothing.
  while (!rows.empty() && rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace huying::xlsx
