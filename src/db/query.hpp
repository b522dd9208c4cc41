#pragma once
// A query assembled piece by piece (optional filters, IN lists) whose every value is still a
// bound parameter: `q.text("WHERE u.id = ").value(id)` appends ":p0" and binds id.
#include <soci/soci.h>

#include <memory>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "db/statements.hpp"

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

  // The result rows, read once in a range-for; the statement is reused by the connection.
  class Rows {
   public:
    class iterator {
     public:
      iterator(Prepared* p, bool done) : p_(p), done_(done) {}
      const soci::row& operator*() const { return p_->row; }
      iterator& operator++() {
        done_ = !p_->statement->fetch();
        return *this;
      }
      bool operator!=(const iterator& other) const { return done_ != other.done_; }

     private:
      Prepared* p_;
      bool done_;
    };
    explicit Rows(Prepared* p, std::unique_ptr<Prepared> own) : p_(p), own_(std::move(own)) { p_->busy = true; }
    Rows(const Rows&) = delete;
    ~Rows() {
      p_->reset();
      p_->busy = false;
    }
    iterator begin() {
      try {
        p_->statement->execute();
        return iterator(p_, !p_->statement->fetch());
      } catch (...) {
        p_->reset();
        throw;
      }
    }
    iterator end() { return iterator(p_, true); }

   private:
    Prepared* p_;
    std::unique_ptr<Prepared> own_;  // when the cached statement was in use
  };

  Rows rows(soci::session& s) {
    std::unique_ptr<Prepared> own;
    Prepared* p = prepare(s, Prepared::Kind::rows, own);
    return Rows(p, std::move(own));
  }
  // Runs a statement without results; returns the rows it changed.
  std::int64_t execute(soci::session& s) {
    std::unique_ptr<Prepared> own;
    Prepared* p = prepare(s, Prepared::Kind::exec, own);
    return run(p, [p] { return static_cast<std::int64_t>(p->statement->get_affected_rows()); });
  }
  std::int64_t count(soci::session& s) {
    std::unique_ptr<Prepared> own;
    Prepared* p = prepare(s, Prepared::Kind::count, own);
    return run(p, [p] { return static_cast<std::int64_t>(p->number); });
  }

 private:
  struct Slot {
    enum Type { integer, real, text } type;
    std::size_t index;
  };
  std::string placeholder() { return ":p" + std::to_string(order_.size()); }
  // The connection's statement for this SQL with this query's values in it.
  Prepared* prepare(soci::session& s, Prepared::Kind kind, std::unique_ptr<Prepared>& own) {
    std::vector<Prepared::Type> types;
    for (const auto& slot : order_)
      types.push_back(slot.type == Slot::integer ? Prepared::Type::integer
                      : slot.type == Slot::real  ? Prepared::Type::real
                                                 : Prepared::Type::text);
    Prepared* p = cached_statement(s, kind, sql_, types);
    if (!p) {
      own = std::make_unique<Prepared>(s, kind, sql_, types);
      p = own.get();
    }
    std::size_t i = 0, r = 0, t = 0;
    for (const auto& slot : order_) {
      switch (slot.type) {
        case Slot::integer: p->ints[i++] = ints_[slot.index]; break;
        case Slot::real: p->reals[r++] = doubles_[slot.index]; break;
        case Slot::text: p->texts[t++] = strings_[slot.index]; break;
      }
    }
    return p;
  }
  template <class Result>
  static std::int64_t run(Prepared* p, Result result) {
    try {
      p->statement->execute(true);
    } catch (...) {
      p->reset();
      throw;
    }
    auto n = result();
    p->reset();
    return n;
  }

  std::string sql_;
  std::deque<long long> ints_;  // deques keep addresses stable for SOCI's bindings
  std::deque<double> doubles_;
  std::deque<std::string> strings_;
  std::vector<Slot> order_;
};

}  // namespace huying::db
