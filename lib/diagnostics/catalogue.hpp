#pragma once
// The diagnostics catalogue: every code the library, the CLI and the bindings emit,
// defined once (severity, titles, message templates in English and Chinese, a doc
// paragraph). Diagnostics are built from it with make_diagnostic(), and
// docs/DIAGNOSTICS.md is generated from it (tests/docs_test.cpp keeps them equal).
//
// Templates name their arguments in braces: "undeclared reference to '{name}'". The
// arguments are given in the order their names first appear in the English template;
// the Chinese template may use them in any order. "{{" and "}}" are literal braces.
// Thread-safe: the table is immutable.

#include <concepts>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/diagnostic.hpp"

namespace talentrules::diagnostics {

struct Template {
    std::string_view key;  ///< stable within its code, e.g. "undeclared"
    std::string_view en;   ///< renders Diagnostic::message exactly
    std::string_view zh;
};

struct Entry {
    std::string_view code;  ///< "TR1001"
    Severity severity;
    std::string_view title_en;
    std::string_view title_zh;
    std::vector<Template> templates;
    std::string_view doc;  ///< what causes it and how to fix it
};

/// Every entry, ordered by code.
std::span<const Entry> catalogue();

/// The entry of `code`, or null.
const Entry* find(std::string_view code);

/// The template `key` of `code`, or null.
const Template* find_template(std::string_view code, std::string_view key);

/// Argument names of a template, in the order they first appear in its English text.
std::vector<std::string_view> parameters(const Template& t);

/// `text` (t.en or t.zh) with each {name} replaced by the argument of that name.
std::string fill(const Template& t, std::string_view text, std::span<const std::string> args);

/// One message argument: text or a number, shown as fmt shows it.
class Arg {
public:
    Arg(std::string_view s) : text_(s) {}           // NOLINT: implicit by design
    Arg(const std::string& s) : text_(s) {}          // NOLINT
    Arg(const char* s) : text_(s) {}                 // NOLINT
    template <std::integral T>
        requires(!std::same_as<T, bool> && !std::same_as<T, char>)
    Arg(T n) : text_(std::to_string(n)) {}           // NOLINT
    std::string& text() { return text_; }

private:
    std::string text_;
};

/// The tables, one per family of codes (entries_*.cpp).
std::vector<Entry> cel_entries();
std::vector<Entry> pack_entries();
std::vector<Entry> profile_entries();
std::vector<Entry> request_entries();
std::vector<Entry> service_entries();
std::vector<Entry> tools_entries();

/// A diagnostic of `code` rendered from template `key` with `args`. The severity is the
/// code's. A code or key missing from the catalogue is a bug (asserted); tests check
/// that every code and key used in the source is in the catalogue.
Diagnostic make_diagnostic(std::string_view code, std::string_view key, std::initializer_list<Arg> args,
                           std::string file = {}, Position position = {}, Range range = {});

/// make_diagnostic with the arguments already rendered, for a diagnostic whose parts
/// crossed a layer separately (the CEL lowering's failure).
Diagnostic from_parts(std::string_view code, std::string_view key, std::vector<std::string> args,
                      std::string file = {}, Position position = {}, Range range = {});

/// Says where a diagnostic happened: `before` + message + `after` in English. Only here,
/// so that the catalogue stays the one place messages are written; the Chinese rendering
/// (from the template) does not carry the addition.
void add_context(Diagnostic& d, std::string_view before, std::string_view after);

/// docs/DIAGNOSTICS.md.
std::string markdown();

}  // namespace talentrules::diagnostics
