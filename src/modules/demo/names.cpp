#include "modules/demo/names.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace huying::demo::names {

namespace {

// The characters of a UTF-8 string, one view each.
std::vector<std::string_view> chars(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

struct Surname {
  std::string_view text;
  std::uint32_t weight;  // per 100,000, roughly as in Henan
};

// 王, 李 and 张 lead everywhere; 郭, 孙, 赵 and 马 are commoner in Henan than nationally.
constexpr Surname surname_table[] = {
    {"王", 7400}, {"李", 7000}, {"张", 7000}, {"刘", 5200}, {"陈", 3300}, {"杨", 3200},
    {"赵", 2600}, {"郭", 2000}, {"孙", 1800}, {"周", 1700}, {"马", 1600}, {"高", 1600},
    {"朱", 1400}, {"胡", 1300}, {"吴", 1200}, {"徐", 1100}, {"宋", 1100}, {"黄", 1000},
    {"魏", 1000}, {"许", 900},  {"郑", 800},  {"冯", 800},  {"韩", 800},  {"曹", 800},
    {"田", 800},  {"程", 700},  {"何", 700},  {"袁", 600},  {"杜", 600},  {"董", 600},
    {"史", 550},  {"侯", 550},  {"苏", 500},  {"贾", 500},  {"丁", 500},  {"于", 500},
    {"吕", 500},  {"常", 450},  {"范", 450},  {"牛", 450},  {"段", 400},  {"谢", 400},
    {"崔", 400},  {"梁", 400},  {"任", 400},  {"姚", 400},  {"彭", 350},  {"薛", 350},
    {"秦", 350},  {"付", 350},  {"雷", 300},  {"申", 300},  {"闫", 300},  {"邓", 300},
    {"罗", 300},  {"潘", 250},  {"尚", 250},  {"蔡", 250},  {"卢", 250},  {"乔", 250},
    {"武", 250},  {"葛", 200},  {"邵", 200},  {"耿", 200},  {"唐", 200},  {"方", 200},
    {"石", 200},  {"孟", 200},  {"白", 200},  {"汪", 150},  {"顾", 150},  {"余", 150},
    {"姜", 150},  {"叶", 150},  {"江", 150},  {"林", 150},  {"曾", 120},  {"单", 100},
    {"翟", 120},  {"岳", 150},  {"邢", 150},  {"陶", 100},  {"齐", 120},  {"蒋", 120},
    {"樊", 150},  {"毛", 100},  {"孔", 120},  {"康", 150},  {"祝", 80},   {"沈", 100},
    {"谭", 80},   {"廖", 60},   {"贺", 120},  {"庞", 100},  {"龚", 60},   {"焦", 150},
    {"左", 80},   {"聂", 100},  {"楚", 60},   {"司", 80},   {"仝", 40},   {"靳", 100},
    {"欧阳", 20}, {"司马", 15}, {"上官", 10}, {"诸葛", 8},
};

constexpr std::string_view male_chars =
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁建国志峰亮林东海文武春俊宇浩凯晨阳振宏新忠庆广永"
    "德成福生龙元全胜学祥才发利清山金长保荣义兴良贵松彬锋坤旭昊博然轩航泽睿豪毅民红卫青中立"
    "云顺喜安书朝红光耀家世天子晓小";
constexpr std::string_view female_chars =
    "芳娜敏静丽艳娟霞秀英慧巧美玲燕萍红梅琳雪婷倩颖琴云莉兰凤洁丹玉佳欣悦露瑶晶妍茜薇桂翠淑"
    "珍娥荣月彩春亚楠菲璐爽蕾宁华素秋晓雅文俊婉琪晨思子金小";

constexpr std::string_view place_first =
    "王李张刘陈杨赵郭孙周马高朱胡吴徐宋黄魏许郑冯韩曹田程何袁杜董史侯苏贾丁吕常范牛段谢崔梁"
    "任姚彭薛秦付雷申闫邓罗潘尚蔡卢乔武葛邵耿唐孟白大小东西南北新老上下前后古石柳桃杏梨枣槐"
    "松龙凤双三五七八金铁青红长平安太永仁义兴福宁丰黄白沙";
constexpr std::string_view place_second = "庄集店营寨岗桥楼湖河庙屯坡洼口铺园沟湾寺堂台坊阁岭";

constexpr std::string_view subdistricts[] = {
    "人民路", "建设路", "解放路", "文化路", "花园路", "经八路", "南阳路", "杜岭", "大石桥",
    "丰产路", "北林路", "未来路", "东大街", "西大街", "南关", "北关", "城东", "城西", "新华路",
    "光明路", "和平路", "胜利路", "工人路", "五一路", "团结路", "中山路", "长江路", "黄河路",
    "嵩山路", "桐柏路", "淮河路", "伏牛路", "秦岭路", "金山", "朝阳", "向阳", "幸福路",
    "友谊路", "红旗路", "铁西", "站前", "滨河", "新城", "龙湖", "商都路", "航海路", "铁路",
    "东风路", "祥和", "兴华", "锦绣", "书院", "古城", "文昌", "凤凰", "汉江路", "永安",
};
constexpr std::string_view street_stems[] = {
    "建设", "人民", "解放", "文化", "中原", "黄河", "长江", "嵩山", "桐柏", "伏牛", "淮河",
    "新华", "光明", "和平", "胜利", "工业", "农业", "商业", "迎宾", "开元", "学院", "东风",
    "红旗", "金水", "紫荆", "兴隆", "健康", "育才", "民主", "团结", "幸福", "滨河", "滨湖",
    "朝阳", "振兴", "复兴", "人和", "文明", "平安", "康宁", "中州", "豫兴", "经济", "科技",
};
constexpr std::string_view street_kinds[] = {"路", "路", "路", "街", "大道", "大街"};
constexpr std::string_view community_stems[] = {
    "花园", "锦华", "阳光", "幸福", "和谐", "康乐", "金桥", "翠园", "绿城", "新村", "东苑",
    "西苑", "南苑", "北苑", "丽景", "怡和", "泰和", "润园", "紫荆", "桂园", "春晖", "福寿",
    "兴业", "文苑", "书香", "长青", "青年", "工人", "铁路", "电业", "棉纺", "矿区", "建业",
};
constexpr std::string_view company_first = "豫中华金宏鑫恒瑞达通源丰嘉盛兴泰安康昌隆益信诚正永祥德";
constexpr std::string_view company_trades[] = {
    "农业科技", "建设集团", "食品",     "机械",   "纺织",   "物流",     "新材料",
    "电子科技", "医药",     "建材",     "实业",   "化工",   "能源",     "农牧",
    "商贸",     "环保科技", "电力设备", "汽车配件", "家具", "面业",     "种业",
};
constexpr std::string_view company_forms[] = {"有限公司", "有限公司", "股份有限公司", "集团有限公司"};

struct Tables {
  Weighted surname_weights;
  std::vector<std::string_view> male, female, first, second;
  Tables() {
    for (const auto& s : surname_table) surname_weights.add(s.weight);
    male = chars(male_chars);
    female = chars(female_chars);
    first = chars(place_first);
    second = chars(place_second);
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

PersonName person(Rng& rng, bool female) {
  const auto& t = tables();
  PersonName name{std::string(surname_table[t.surname_weights.pick(rng)].text), {}};
  const auto& pool = female ? t.female : t.male;
  // Two-character given names are the rule; one-character ones (张伟) are common too.
  if (rng.per_mille(230)) {
    name.given = pool[rng.below(pool.size())];
  } else {
    std::size_t a = rng.below(pool.size()), b = rng.below(pool.size());
    if (a == b && !rng.per_mille(80)) b = (b + 1 + rng.below(pool.size() - 1)) % pool.size();
    name.given = std::string(pool[a]) + std::string(pool[b]);
  }
  return name;
}

std::vector<std::string> surnames() {
  std::vector<std::string> out;
  for (const auto& s : surname_table) out.emplace_back(s.text);
  return out;
}

std::vector<std::string> given_characters(bool female) {
  std::vector<std::string> out;
  for (auto c : female ? tables().female : tables().male) out.emplace_back(c);
  return out;
}

const Pinyin& PinyinCache::part(const std::string& text) {
  auto [it, fresh] = parts_.try_emplace(text);
  if (fresh) it->second = to_pinyin(text);
  return it->second;
}

Pinyin PinyinCache::operator()(const PersonName& name) {
  Pinyin out = part(name.surname);
  for (std::size_t i = 0; i < name.given.size();) {
    auto lead = static_cast<unsigned char>(name.given[i]);
    std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const Pinyin& p = part(name.given.substr(i, n));
    out.full += p.full;
    out.initials += p.initials;
    i += n;
  }
  return out;
}

// Every draw is its own statement: the order in which the operands of + are evaluated is
// unspecified, and a dataset must not depend on the compiler.
std::string place_stem(Rng& rng) {
  const auto& t = tables();
  std::string out(t.first[rng.below(t.first.size())]);
  out += t.second[rng.below(t.second.size())];
  return out;
}

std::string subdistrict_stem(Rng& rng) { return std::string(rng.pick(subdistricts)); }

std::string street(Rng& rng) {
  std::string out(rng.pick(street_stems));
  out += rng.pick(street_kinds);
  return out;
}

std::string community_stem(Rng& rng) { return std::string(rng.pick(community_stems)); }

std::string company(Rng& rng, std::string_view place) {
  static const auto first = chars(company_first);
  std::string name = place.empty() ? std::string("河南") : std::string(place);
  name += first[rng.below(first.size())];
  name += first[rng.below(first.size())];
  name += rng.pick(company_trades);
  name += rng.pick(company_forms);
  return name;
}

std::string ethnicity(Rng& rng, bool hui) {
  auto x = rng.below(10'000);
  if (x < (hui ? 900u : 110u)) return "回族";
  if (x < (hui ? 915u : 125u)) return "蒙古族";
  if (x < (hui ? 930u : 140u)) return "满族";
  if (x < (hui ? 937u : 147u)) return "土家族";
  if (x < (hui ? 944u : 154u)) return "苗族";
  if (x < (hui ? 950u : 160u)) return "壮族";
  return "汉族";
}

char id_check_digit(std::string_view first17) {
  static constexpr int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view codes = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * weights[i];
  return codes[sum % 11];
}

bool valid_id_number(std::string_view id) {
  if (id.size() != 18) return false;
  for (std::size_t i = 0; i < 17; ++i)
    if (id[i] < '0' || id[i] > '9') return false;
  return id_check_digit(id.substr(0, 17)) == id[17];
}

std::string mobile(Rng& rng) {
  static constexpr std::string_view prefixes[] = {
      "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
      "152", "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "184",
      "185", "186", "187", "188", "189"};
  std::string number(rng.pick(prefixes));
  for (int i = 0; i < 8; ++i) number += static_cast<char>('0' + rng.below(10));
  return number;
}

}  // namespace huying::demo::names
