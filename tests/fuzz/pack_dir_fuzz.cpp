// libFuzzer target: a whole pack folder. The input is several files, each introduced by
// a line `=== NAME` (NAME may hold folders), or `=== NAME -> TARGET` for a symbolic link
// (TARGET may lead anywhere, out of the pack included). They are written into a scratch
// folder beside a file outside the pack holding a sentinel, and loaded with
// RuleSet::load: discovery, links, confinement, several documents, tags, the bounded
// reader. Properties: nothing crashes, and no diagnostic ever shows the sentinel (a file
// outside the pack is never read, so never echoed).
//
//   cmake --preset fuzz && cmake --build --preset fuzz --target pack_dir_fuzz
//   build/fuzz/tests/fuzz/pack_dir_fuzz -dict=tests/fuzz/pack_dir.dict \
//       -max_total_time=60 tests/fuzz/corpus/pack_dir

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "talentrules/diagnostic.hpp"
#include "talentrules/rules/ruleset.hpp"

namespace fs = std::filesystem;
namespace rules = talentrules::rules;

namespace {

// An identifier: a pack that read the file would report it as an undeclared reference.
constexpr std::string_view sentinel = "SENTINEL_OUTSIDE_THE_PACK";

// A name kept inside the scratch folder: no absolute paths, no `..`, at most 4 levels.
bool safe_name(const fs::path& p) {
    if (p.empty() || p.is_absolute()) return false;
    int depth = 0;
    for (const auto& part : p) {
        if (part == ".." || part == "." || part.empty() || ++depth > 4) return false;
    }
    return true;
}

void write_pack(const fs::path& pack, std::string_view input) {
    std::size_t pos = 0;
    std::string name = "pack.yaml";
    std::string text;
    auto flush = [&] {
        std::string target;
        if (auto arrow = name.find(" -> "); arrow != std::string::npos) {
            target = name.substr(arrow + 4);
            name.resize(arrow);
        }
        const fs::path p(name);
        if (!safe_name(p)) return;
        std::error_code ec;
        fs::create_directories((pack / p).parent_path(), ec);
        if (!target.empty()) {
            fs::create_symlink(target, pack / p, ec);  // may dangle, loop or lead out: that is the point
        } else {
            std::ofstream(pack / p, std::ios::binary) << text;
        }
    };
    while (pos <= input.size()) {
        const auto end = std::min(input.find('\n', pos), input.size());
        const auto line = input.substr(pos, end - pos);
        if (line.starts_with("=== ")) {
            flush();
            name = std::string(line.substr(4));
            text.clear();
        } else {
            text.append(line);
            text += '\n';
        }
        pos = end + 1;
    }
    flush();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > (64u << 10)) return 0;
    static const fs::path root = fs::temp_directory_path() / ("talentrules_pack_dir_fuzz_" + std::to_string(::getpid()));
    std::error_code ec;
    fs::remove_all(root, ec);
    fs::create_directories(root / "pack", ec);
    std::ofstream(root / "secret.yaml", std::ios::binary)
        << "definitions:\n  - {name: leaked, type: int, value: \"" << sentinel << " + 1\"}\n";
    write_pack(root / "pack", std::string_view(reinterpret_cast<const char*>(data), size));

    rules::LoadOptions options;
    options.max_pack_bytes = 1 << 20;
    options.max_yaml_nodes = 50'000;
    options.max_files = 64;
    auto loaded = rules::RuleSet::load((root / "pack").string(), options);
    for (const auto& d : loaded.diagnostics) {
        const std::string shown = talentrules::render(d, {}, talentrules::Lang::en) + d.message;
        if (shown.find(sentinel) != std::string::npos) std::abort();  // read from outside the pack
    }
    if (loaded.ok()) {
        for (const auto& [name, text] : loaded.ruleset->pack().files) {
            if (text.find(sentinel) != std::string::npos) std::abort();
        }
    }
    fs::remove_all(root, ec);
    return 0;
}
