#pragma once
// Reading the elements of one parsed pack file. Private to lib/: yaml-cpp types stay here.

#include <yaml-cpp/yaml.h>

#include <string>

#include "diagnostics/catalogue.hpp"
#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/pack.hpp"

namespace talentrules::rules::detail {

/// The loader's one way to report a problem at a YAML node of one file.
class NodeDiagnostics {
public:
    NodeDiagnostics(std::string file, Diagnostics& diags);
    /// Where `n` starts (no position for a node without a mark).
    Location where(const YAML::Node& n) const;
    /// Reports catalogue diagnostic `code`/`key` (diagnostics/catalogue.hpp) at `n`.
    void error(const YAML::Node& n, std::string_view code, std::string_view key,
               std::initializer_list<diagnostics::Arg> args);
    void report(Diagnostic d);

protected:
    std::string file_;
    Diagnostics& diags_;
};

/// Reads one file's root (checked for limits and repeated keys already) into `pack`.
/// Every problem is a diagnostic; what could be read is kept.
void read_document(const std::string& file, const YAML::Node& root, Pack& pack, Diagnostics& diags);

}  // namespace talentrules::rules::detail
