// Profile errors point at the field: every problem at once, each with its JSON pointer
// and, for JSON and YAML text, the line and column of the value (or of an unknown key);
// did-you-mean for fields and category values; dates that do not exist named as such.

#include <doctest/doctest.h>

#include <algorithm>

#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;

namespace {

// Facts of every shape the pointers cross: nested object, list, map, categories, datetime.
const char* const pack_text = R"(pack: {id: errors, title: errors}
categories:
  - {name: degree, label: 学历, values: [本科, 硕士, 博士]}
schema:
  - {name: birth_date, type: date, label: 出生日期}
  - {name: highest_degree, type: degree, label: 最高学历}
  - {name: degrees, type: list(degree), label: 学历}
  - {name: honors, type: list(string), label: 荣誉}
  - {name: incomes, type: map(number), label: 收入}
  - {name: arrived_at, type: datetime, label: 到岗时间}
  - name: home_purchase
    type: object
    label: 购房
    fields:
      - {name: date, type: date, label: 购房日期}
      - {name: price_wan, type: number, label: 房价}
)";

std::shared_ptr<const RuleSet> pack() {
    static auto loaded = RuleSet::load_texts({{"pack.yaml", pack_text}});
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

const Diagnostic& at_pointer(const Diagnostics& diagnostics, std::string_view pointer) {
    auto it = std::find_if(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) { return d.pointer == pointer; });
    REQUIRE_MESSAGE(it != diagnostics.end(), "no diagnostic at ", pointer, ":\n", render(diagnostics));
    return *it;
}

// Line 7 is the nested date; every other line holds one problem too.
const char* const bad_json = R"({
  "birth_date": "1990-01-01",
  "highest_degre": "硕士",
  "honors": ["a", "b", 3],
  "incomes": {"2024": 1.5, "2025": "many"},
  "home_purchase": {
    "date": "2025-02-30",
    "price": 80
  },
  "degrees": ["本科", "硕士研究生"]
})";

}  // namespace

TEST_CASE("JSON profile errors: all at once, each with its pointer and line:column") {
    auto r = pack()->parse_profile(bad_json, "profile.json");
    REQUIRE(!r.ok());
    CHECK(r.diagnostics.size() == 6);

    const auto& unknown = at_pointer(r.diagnostics, "/highest_degre");
    CHECK(unknown.code == "TR5001");
    CHECK(unknown.position == Position{3, 3});  // the key
    CHECK(unknown.message == "field 'highest_degre' is not in the schema (did you mean 'highest_degree'?)");

    const auto& item = at_pointer(r.diagnostics, "/honors/2");
    CHECK(item.code == "TR5002");
    CHECK(item.position == Position{4, 24});
    CHECK(item.message == "field 'honors[2]' must be a string, not 3");

    const auto& map_value = at_pointer(r.diagnostics, "/incomes/2025");
    CHECK(map_value.position == Position{5, 36});

    const auto& date = at_pointer(r.diagnostics, "/home_purchase/date");
    CHECK(date.position == Position{7, 13});
    CHECK(date.message == "field 'home_purchase.date': 2025-02-30 is not a day of the calendar");
    CHECK(render(date) ==
          "profile.json:7:13: error[TR5002] (/home_purchase/date): field 'home_purchase.date': 2025-02-30 is not a "
          "day of the calendar\n");

    const auto& nested_unknown = at_pointer(r.diagnostics, "/home_purchase/price");
    CHECK(nested_unknown.position == Position{8, 5});
    CHECK(nested_unknown.message ==
          "field 'home_purchase.price' is not in the schema (did you mean 'price_wan'?)");  // its object's fields only

    const auto& category = at_pointer(r.diagnostics, "/degrees/1");
    CHECK(category.code == "TR5003");
    CHECK(category.position == Position{10, 21});
    CHECK(category.message == "field 'degrees[1]': '硕士研究生' is not one of 本科, 硕士, 博士 (did you mean '硕士'?)");
    CHECK(message_in(category, Lang::zh) ==
          "字段 'degrees[1]'：'硕士研究生' 不是可选值（本科, 硕士, 博士）之一（您是否想输入 '硕士'？）");
}

TEST_CASE("YAML profile errors carry the same pointers and their own lines") {
    const char* const yaml = "birth_date: 1990-01-01\n"
                             "highest_degre: 硕士\n"
                             "honors:\n"
                             "  - a\n"
                             "  - 3\n"
                             "incomes: {\"2025\": many}\n"
                             "home_purchase:\n"
                             "  date: 2025-13-01\n"
                             "  price: 80\n";
    auto r = pack()->parse_profile(yaml, "profile.yaml", true);
    REQUIRE(!r.ok());
    CHECK(r.diagnostics.size() == 5);
    CHECK(at_pointer(r.diagnostics, "/highest_degre").position == Position{2, 1});
    CHECK(at_pointer(r.diagnostics, "/honors/1").position == Position{5, 5});
    CHECK(at_pointer(r.diagnostics, "/incomes/2025").position == Position{6, 19});
    CHECK(at_pointer(r.diagnostics, "/home_purchase/date").position == Position{8, 9});
    CHECK(at_pointer(r.diagnostics, "/home_purchase/date").template_key == "date_nonexistent");
    CHECK(at_pointer(r.diagnostics, "/home_purchase/price").position == Position{9, 3});
}

TEST_CASE("a profile given as a value gets pointers without positions") {
    auto json = pack()->parse_profile(R"({"honors": [1], "a/b~c": 1})");
    REQUIRE(!json.ok());
    // Parsed again as a value: the same problems, no text to point into.
    const auto value = cel::Value::map(*cel::Map::make({
        {cel::Value::string("honors"), cel::Value::list({cel::Value(std::int64_t{1})})},
        {cel::Value::string("a/b~c"), cel::Value(std::int64_t{1})},
    }));
    auto r = pack()->profile_from_value(value);
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(at_pointer(r.diagnostics, "/honors/0").position == Position{});
    CHECK(at_pointer(r.diagnostics, "/a~1b~0c").code == "TR5001");  // RFC 6901 escaping
    CHECK(at_pointer(json.diagnostics, "/a~1b~0c").position == Position{1, 17});
}

TEST_CASE("a date that does not exist is named apart from a malformed one") {
    auto key_of = [](std::string_view json) {
        auto r = pack()->parse_profile(json);
        REQUIRE(r.diagnostics.size() == 1);
        return r.diagnostics[0].template_key;
    };
    CHECK(key_of(R"({"birth_date": "2025-02-30"})") == "date_nonexistent");
    CHECK(key_of(R"({"birth_date": "2025-13-01"})") == "date_nonexistent");
    CHECK(key_of(R"({"birth_date": "2025-2-3"})") == "date");
    CHECK(key_of(R"({"birth_date": "30/02/2025"})") == "date");
    CHECK(key_of(R"({"arrived_at": "2025-02-30T09:00:00+08:00"})") == "date_nonexistent");
    CHECK(key_of(R"({"arrived_at": "yesterday"})") == "datetime");
    CHECK(pack()->parse_profile(R"({"birth_date": "2024-02-29", "arrived_at": "2025-03-01T09:30:00+08:00"})").ok());
    auto r = pack()->parse_profile(R"({"birth_date": "2025-02-30"})");
    CHECK(message_in(r.diagnostics.at(0), Lang::zh) == "字段 'birth_date'：2025-02-30 不是日历上存在的日期");
}

TEST_CASE("did-you-mean: nothing far-fetched is suggested") {
    auto r = pack()->parse_profile(R"({"favourite_colour": "blue", "highest_degree": "master"})");
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(r.diagnostics[0].template_key == "not_in_schema");
    CHECK(r.diagnostics[1].template_key == "not_in_category");
}

TEST_CASE("many errors are reported together, up to the limit") {
    std::string json = "{";
    for (int i = 0; i < 20; ++i) json += (i ? "," : "") + std::string("\"f") + std::to_string(i) + "\":1";
    json += ",\"honors\":[1,2,3]}";
    auto r = pack()->parse_profile(json);
    CHECK(r.diagnostics.size() == 23);
    CHECK(at_pointer(r.diagnostics, "/honors/2").position.column > 1);
}
