// matches: RE2 partial match (global `matches(s, re)` and member `s.matches(re)`).
// Compiled patterns are cached process-wide; an invalid pattern is a CEL error.

#include <re2/re2.h>

#include <mutex>
#include <unordered_map>

#include "cel/functions/families.hpp"

namespace talentrules::cel {

namespace {

struct CachedRegex {
    std::shared_ptr<const re2::RE2> regex;  ///< nullptr if the pattern is invalid
    std::string error;
};

class RegexCache {
public:
    static constexpr std::size_t max_entries = 1024;

    std::shared_ptr<const re2::RE2> get(std::string_view pattern, std::string* error) {
        {
            std::lock_guard lock(mutex_);
            auto it = entries_.find(std::string(pattern));
            if (it != entries_.end()) {
                if (!it->second.regex && error) *error = it->second.error;
                return it->second.regex;
            }
        }
        // Compile outside the lock; a concurrent compile of the same pattern is harmless.
        CachedRegex entry;
        re2::RE2::Options options;
        options.set_log_errors(false);
        auto re = std::make_shared<const re2::RE2>(
            re2::StringPiece(pattern.data(), pattern.size()), options);
        if (re->ok()) {
            entry.regex = std::move(re);
        } else {
            entry.error = "invalid regular expression '" + std::string(pattern) +
                          "': " + re->error();
        }
        std::lock_guard lock(mutex_);
        if (entries_.size() >= max_entries) entries_.clear();
        auto [it, inserted] = entries_.emplace(std::string(pattern), std::move(entry));
        (void)inserted;
        if (!it->second.regex && error) *error = it->second.error;
        return it->second.regex;
    }

private:
    std::mutex mutex_;
    std::unordered_map<std::string, CachedRegex> entries_;
};

RegexCache& cache() {
    // Never destroyed: safe to use from other static destructors and detached threads.
    static RegexCache* instance = new RegexCache;
    return *instance;
}

Result<bool> matches(std::string_view text, std::string_view pattern) {
    std::string error;
    auto re = compile_regex(pattern, &error);
    if (!re) return Error{std::move(error)};
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re);
}

}  // namespace

std::shared_ptr<const re2::RE2> compile_regex(std::string_view pattern, std::string* error) {
    return cache().get(pattern, error);
}

void register_regex(FunctionRegistry& r) {
    r.add_global("matches", [](std::string_view s, std::string_view re) { return matches(s, re); },
                 "true if the RE2 pattern matches a substring of the string");
    r.add_member("matches", [](std::string_view s, std::string_view re) { return matches(s, re); },
                 "true if the RE2 pattern matches a substring of the string");
}

}  // namespace talentrules::cel
