// Compiles one rule condition and evaluates it against an applicant, using only the
// installed public headers. Exit code 0 when the result is the expected `true`.

#include <cstdint>
#include <iostream>
#include <string_view>

#include "talentrules/cel/program.hpp"

namespace cel = talentrules::cel;

int main() {
    constexpr std::string_view condition = "applicant.age <= 40";

    auto env = cel::EnvBuilder().add_variable("applicant.age", cel::Type::int64()).build();
    auto compiled = cel::compile(condition, env);
    if (!compiled.ok()) {
        std::cerr << talentrules::render(compiled.diagnostics, condition);
        return 1;
    }

    cel::Activation activation(env);
    activation.set("applicant.age", cel::Value(std::int64_t{35}));
    const cel::Value result = compiled.program->evaluate(activation);

    std::cout << condition << " with applicant.age = 35: " << result.to_cel() << "\n";
    return result.is_bool() && result.as_bool() ? 0 : 1;
}
