#include "talentrules/cel/type.hpp"

#include <cctype>

namespace talentrules::cel {

std::string Type::to_string() const {
    switch (kind) {
        case TypeKind::dyn: return "dyn";
        case TypeKind::null_: return "null_type";
        case TypeKind::bool_: return "bool";
        case TypeKind::int_: return "int";
        case TypeKind::uint_: return "uint";
        case TypeKind::double_: return "double";
        case TypeKind::string: return "string";
        case TypeKind::bytes: return "bytes";
        case TypeKind::timestamp: return "google.protobuf.Timestamp";
        case TypeKind::duration: return "google.protobuf.Duration";
        case TypeKind::error: return "error";
        case TypeKind::param: return name;
        case TypeKind::list:
            return "list(" + (params.empty() ? std::string("dyn") : params[0].to_string()) + ")";
        case TypeKind::map:
            return "map(" + (params.size() < 1 ? std::string("dyn") : params[0].to_string()) +
                   ", " + (params.size() < 2 ? std::string("dyn") : params[1].to_string()) + ")";
        case TypeKind::optional:
            return "optional_type(" + (params.empty() ? std::string("dyn") : params[0].to_string()) + ")";
        case TypeKind::type:
            if (params.empty() || params[0].is_dyn()) return "type";
            return "type(" + params[0].to_string() + ")";
    }
    return "dyn";
}

namespace {

class TypeParser {
public:
    explicit TypeParser(std::string_view text) : s_(text) {}

    std::optional<Type> parse_all() {
        auto t = parse_type();
        skip_space();
        if (!t || pos_ != s_.size()) return std::nullopt;
        return t;
    }

private:
    void skip_space() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }

    bool eat(char c) {
        skip_space();
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    static bool ident_start(char c) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
    }
    static bool ident_char(char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    }

    /// A dotted name: ident ('.' ident)*.
    std::optional<std::string_view> name() {
        skip_space();
        std::size_t start = pos_;
        for (;;) {
            if (pos_ >= s_.size() || !ident_start(s_[pos_])) return std::nullopt;
            while (pos_ < s_.size() && ident_char(s_[pos_])) ++pos_;
            if (pos_ < s_.size() && s_[pos_] == '.') {
                ++pos_;
                continue;
            }
            break;
        }
        return s_.substr(start, pos_ - start);
    }

    /// Parses `( type, type, ... )` when present; returns the arguments (empty if absent).
    std::optional<std::vector<Type>> arguments() {
        std::vector<Type> args;
        if (!eat('(')) return args;
        if (++depth_ > 64) return std::nullopt;
        do {
            auto t = parse_type();
            if (!t) return std::nullopt;
            args.push_back(std::move(*t));
        } while (eat(','));
        if (!eat(')')) return std::nullopt;
        --depth_;
        return args;
    }

    static bool is_param_name(std::string_view n) {
        if (n.empty() || !(n[0] >= 'A' && n[0] <= 'Z')) return false;
        for (std::size_t i = 1; i < n.size(); ++i)
            if (!(n[i] >= '0' && n[i] <= '9')) return false;
        return true;
    }

    std::optional<Type> parse_type() {
        auto n = name();
        if (!n) return std::nullopt;
        auto args = arguments();
        if (!args) return std::nullopt;
        const std::string_view id = *n;
        const std::size_t argc = args->size();
        auto simple = [&](Type t) -> std::optional<Type> {
            if (argc != 0) return std::nullopt;
            return t;
        };
        if (id == "dyn") return simple(Type::dyn());
        if (id == "null_type" || id == "null") return simple(Type::null());
        if (id == "bool") return simple(Type::boolean());
        if (id == "int") return simple(Type::int64());
        if (id == "uint") return simple(Type::uint64());
        if (id == "double") return simple(Type::dbl());
        if (id == "string") return simple(Type::string());
        if (id == "bytes") return simple(Type::bytes());
        if (id == "error") return simple(Type::error());
        if (id == "google.protobuf.Timestamp" || id == "timestamp")
            return simple(Type::timestamp());
        if (id == "google.protobuf.Duration" || id == "duration")
            return simple(Type::duration());
        if (id == "list") {
            if (argc == 0) return Type::list(Type::dyn());
            if (argc != 1) return std::nullopt;
            return Type::list(std::move((*args)[0]));
        }
        if (id == "map") {
            if (argc == 0) return Type::map(Type::dyn(), Type::dyn());
            if (argc != 2) return std::nullopt;
            return Type::map(std::move((*args)[0]), std::move((*args)[1]));
        }
        if (id == "optional_type") {
            if (argc == 0) return Type::optional(Type::dyn());
            if (argc != 1) return std::nullopt;
            return Type::optional(std::move((*args)[0]));
        }
        if (id == "type") {
            if (argc == 0) return Type::type();
            if (argc != 1) return std::nullopt;
            return Type::type(std::move((*args)[0]));
        }
        if (is_param_name(id)) return simple(Type::param(std::string(id)));
        return std::nullopt;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

}  // namespace

std::optional<Type> Type::parse(std::string_view text) { return TypeParser(text).parse_all(); }

}  // namespace talentrules::cel
