// intern_statement: one store of run-time statement texts for every family.
#include "store/sql/interned_statement.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace plumbline::store::sql {

const InternedStatement& intern_statement(const std::string& family, const std::string& pg_text) {
  static std::mutex mu;
  static std::map<std::string, std::unordered_map<std::string, std::unique_ptr<InternedStatement>>>
      families;
  std::lock_guard lk(mu);
  auto& texts = families[family];
  auto& slot = texts[pg_text];
  if (!slot) {
    slot = std::make_unique<InternedStatement>();
    slot->name = family + "_" + std::to_string(texts.size());
    slot->pg_text = pg_text;
    slot->sqlite_text = pg_text;
    for (std::size_t i = 0; i + 1 < pg_text.size(); ++i)
      if (pg_text[i] == '$' && pg_text[i + 1] >= '0' && pg_text[i + 1] <= '9')
        slot->sqlite_text[i] = '?';
  }
  return *slot;
}

}  // namespace plumbline::store::sql
