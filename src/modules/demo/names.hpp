#pragma once
// Made-up but plausible Chinese names for the demo: persons (surnames by frequency in
// Henan), villages, towns, streets, companies; identity-card numbers with a valid check
// digit (GB 11643) and mobile numbers. Nothing here names a real person.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/pinyin.hpp"
#include "modules/demo/random.hpp"

namespace huying::demo::names {

struct PersonName {
  std::string surname, given;
  std::string full() const { return surname + given; }
};

PersonName person(Rng& rng, bool female);

// The surnames and the characters of given names the generator draws from (for tests).
std::vector<std::string> surnames();
std::vector<std::string> given_characters(bool female);

// to_pinyin of a generated name, put together from the pinyin of its surname and of each
// character of its given name, each computed once: ICU's Han-Latin reads Han characters one
// at a time, so the parts make the whole (a unit test checks this over every surname and
// character), and 180,000 names cost a few hundred transliterations.
class PinyinCache {
 public:
  Pinyin operator()(const PersonName& name);

 private:
  const Pinyin& part(const std::string& text);
  std::unordered_map<std::string, Pinyin> parts_;
};
// Two characters usable before 村, 镇, 乡 or 社区: "王庄", "李集", "柳林".
std::string place_stem(Rng& rng);
// A subdistrict's name without 街道: "人民路", "南关", "杜岭".
std::string subdistrict_stem(Rng& rng);
// A street: "建设路", "文化街", "黄河大道".
std::string street(Rng& rng);
// An urban community without 社区: "花园", "锦华".
std::string community_stem(Rng& rng);
// "河南豫丰农业科技有限公司"; `place` leads the name when not empty ("郑州宏达机械有限公司").
std::string company(Rng& rng, std::string_view place);
// 汉族 mostly; 回族 more often where `hui` (the 回族区 districts).
std::string ethnicity(Rng& rng, bool hui);

// ISO 7064 MOD 11-2 over the first 17 digits: '0'..'9' or 'X'.
char id_check_digit(std::string_view first17);
bool valid_id_number(std::string_view id);
// 13x, 15x or 18x and eight digits.
std::string mobile(Rng& rng);

}  // namespace huying::demo::names
