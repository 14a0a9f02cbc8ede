#pragma once
// Report JSON -> Python objects, as json.loads would build them, but with one str object
// per distinct short string: the titles, clause texts, expressions and keys that every
// report of a pack repeats are shared instead of allocated again for each report. For a
// batch of explained reports that is most of their memory and most of the time it takes
// to build them. Strings are immutable, so sharing them cannot be observed.
// Not thread-safe: use it with the GIL held, from one thread at a time.

#include <pybind11/pybind11.h>

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace talentrules::python {

class ToPython {
public:
    /// Parses `json` (our own report, diagnostics or measures JSON) and builds the Python
    /// value. Throws std::runtime_error if the text is not JSON (a bug), or
    /// py::error_already_set / std::bad_alloc when Python runs out of memory.
    pybind11::object convert(const std::string& json);

private:
    pybind11::object value(simdjson::dom::element e);
    pybind11::object string(std::string_view s);

    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    static constexpr std::size_t max_cached_bytes = 4096;  // longer strings are rarely repeated
    static constexpr std::size_t max_cached = 100000;       // bounds the cache for odd inputs

    simdjson::dom::parser parser_;
    std::unordered_map<std::string, pybind11::object, Hash, std::equal_to<>> strings_;
};

}  // namespace talentrules::python
