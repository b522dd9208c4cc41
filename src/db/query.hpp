#pragma once
// A query assembled piece by piece (optional filters, IN lists) whose every value is still a
// bound parameter: `q.text("WHERE u.id = ").value(id)` appends ":p0" and binds id.
#include <soci/soci.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace huying::db {

class Query {
 public:
  explicit Query(std::string text = {}) : sql_(std::move(text)) {}

  Query& text(std::string_view more) {
    sql_ += more;
    return *this;
  }
  Query& value(std::int64_t v) {
    sql_ += placeholder();
    ints_.push_back(v);
    order_.push_back({Slot::integer, ints_.size() - 1});
    return *this;
  }
  Query& value(int v) { return value(std::int64_t(v)); }
  Query& value(double v) {
    sql_ += placeholder();
    doubles_.push_back(v);
    order_.push_back({Slot::real, doubles_.size() - 1});
    return *this;
  }
  template <class T>
  Query& value_or_null(const std::optional<T>& v) {
    if (v) return value(*v);
    return text("NULL");
  }
  Query& value(std::string v) {
    sql_ += placeholder();
    strings_.push_back(std::move(v));
    order_.push_back({Slot::text, strings_.size() - 1});
    return *this;
  }
  // "(:p0, :p1, ...)"; an empty list becomes "(NULL)", which matches nothing.
  Query& values(const std::vector<std::int64_t>& list) {
    sql_ += "(";
    if (list.empty()) sql_ += "NULL";
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i) sql_ += ", ";
      value(list[i]);
    }
    sql_ += ")";
    return *this;
  }

  const std::string& sql() const { return sql_; }

  soci::rowset<soci::row> rows(soci::session& s) {
    auto temp = (s.prepare << sql_);
    bind(temp);
    return soci::rowset<soci::row>(temp);
  }
  // Runs a statement without results; returns the rows it changed.
  std::int64_t execute(soci::session& s) {
    auto temp = (s.prepare << sql_);
    bind(temp);
    soci::statement st(temp);
    st.execute(true);
    return st.get_affected_rows();
  }
  std::int64_t count(soci::session& s) {
    long long n = 0;
    auto temp = (s.prepare << sql_);
    bind(temp);
    temp, soci::into(n);
    soci::statement st(temp);
    st.execute(true);
    return n;
  }

 private:
  struct Slot {
    enum Type { integer, real, text } type;
    std::size_t index;
  };
  std::string placeholder() { return ":p" + std::to_string(order_.size()); }
  template <class Temp>
  void bind(Temp& temp) {
    for (const auto& slot : order_) {
      switch (slot.type) {
        case Slot::integer: temp, soci::use(ints_[slot.index]); break;
        case Slot::real: temp, soci::use(doubles_[slot.index]); break;
        case Slot::text: temp, soci::use(strings_[slot.index]); break;
      }
    }
  }

  std::string sql_;
  std::deque<long long> ints_;  // deques keep addresses stable for SOCI's bindings
  std::deque<double> doubles_;
  std::deque<std::string> strings_;
  std::vector<Slot> order_;
};

}  // namespace huying::db
