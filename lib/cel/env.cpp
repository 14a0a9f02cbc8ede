#include "talentrules/cel/env.hpp"

namespace talentrules::cel {

const Variable* Env::find_variable(std::string_view qualified_name) const {
    auto it = by_name_.find(std::string(qualified_name));
    return it == by_name_.end() ? nullptr : &variables_[it->second];
}

int EnumType::rank(std::string_view value) const {
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] == value) return static_cast<int>(i);
    }
    return -1;
}

const EnumType* Env::find_enum(std::string_view name) const {
    for (const auto& e : enums_) {
        if (e->name == name) return e.get();
    }
    return nullptr;
}

const EnumType* Env::ordered_enum_of(std::string_view a, std::string_view b) const {
    const EnumType* found = nullptr;
    for (const auto& e : enums_) {
        if (!e->ordered || e->rank(a) < 0 || e->rank(b) < 0) continue;
        if (found) return nullptr;  // two orders could apply: neither does
        found = e.get();
    }
    return found;
}

const EnumType* Env::find_enum(const Type& type) const {
    if (type.kind != TypeKind::string || type.name.empty()) return nullptr;
    return find_enum(type.name);
}

std::vector<std::string> Env::candidate_names(std::string_view name) const {
    if (!name.empty() && name.front() == '.') return {std::string(name.substr(1))};
    std::vector<std::string> out;
    std::string_view prefix = container_;
    while (!prefix.empty()) {
        out.push_back(std::string(prefix) + "." + std::string(name));
        auto dot = prefix.rfind('.');
        prefix = dot == std::string_view::npos ? std::string_view{} : prefix.substr(0, dot);
    }
    out.emplace_back(name);
    return out;
}

EnvBuilder::EnvBuilder() { register_standard_library(env_.functions_); }

EnvBuilder EnvBuilder::bare() { return EnvBuilder(Bare{}); }

EnvBuilder& EnvBuilder::add_variable(std::string name, Type type) {
    if (auto it = env_.by_name_.find(name); it != env_.by_name_.end()) {
        env_.variables_[it->second].type = std::move(type);
        return *this;
    }
    auto slot = static_cast<std::uint32_t>(env_.variables_.size());
    env_.by_name_.emplace(name, slot);
    env_.variables_.push_back(Variable{std::move(name), std::move(type), slot});
    return *this;
}

EnvBuilder& EnvBuilder::set_container(std::string container) {
    env_.container_ = std::move(container);
    return *this;
}

EnvBuilder& EnvBuilder::add_enum(EnumType enum_type) {
    for (auto& e : env_.enums_) {
        if (e->name == enum_type.name) {
            *e = std::move(enum_type);
            return *this;
        }
    }
    env_.enums_.push_back(std::make_unique<EnumType>(std::move(enum_type)));
    return *this;
}

std::shared_ptr<const Env> EnvBuilder::build() {
    return std::make_shared<const Env>(std::move(env_));
}

std::shared_ptr<Env> EnvBuilder::build_mutable() { return std::make_shared<Env>(std::move(env_)); }

}  // namespace talentrules::cel
