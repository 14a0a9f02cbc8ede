#include "to_python.hpp"

#include <stdexcept>

namespace py = pybind11;

namespace talentrules::python {

py::object ToPython::convert(const std::string& json) {
    simdjson::dom::element root;
    if (auto error = parser_.parse(json).get(root)) {
        throw std::runtime_error(std::string("internal error: the engine wrote invalid JSON: ") +
                                 simdjson::error_message(error));
    }
    return value(root);
}

py::object ToPython::string(std::string_view s) {
    if (s.size() > max_cached_bytes) return py::str(s.data(), s.size());
    if (auto it = strings_.find(s); it != strings_.end()) return it->second;
    py::str made(s.data(), s.size());
    if (strings_.size() < max_cached) strings_.emplace(std::string(s), made);
    return made;
}

py::object ToPython::value(simdjson::dom::element e) {
    switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
        py::dict d;
        // A copy: value_unsafe() returns a reference into the temporary result, which a
        // range-for over it directly would outlive.
        const simdjson::dom::object object = e.get_object().value_unsafe();
        for (auto [key, v] : object) {
            // PyDict_SetItem, not d[key] = v: no temporary accessor, and the key is shared.
            if (PyDict_SetItem(d.ptr(), string(key).ptr(), value(v).ptr()) != 0) throw py::error_already_set();
        }
        return d;
    }
    case simdjson::dom::element_type::ARRAY: {
        const simdjson::dom::array array = e.get_array().value_unsafe();
        py::list l(array.size());
        std::size_t i = 0;
        for (auto v : array) PyList_SET_ITEM(l.ptr(), i++, value(v).release().ptr());
        return l;
    }
    case simdjson::dom::element_type::STRING: return string(e.get_string().value_unsafe());
    case simdjson::dom::element_type::INT64: return py::int_(e.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64: return py::int_(e.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE: return py::float_(e.get_double().value_unsafe());
    case simdjson::dom::element_type::BOOL: return py::bool_(e.get_bool().value_unsafe());
    case simdjson::dom::element_type::NULL_VALUE: return py::none();
    }
    return py::none();
}

}  // namespace talentrules::python
