// A pack's content hash (and so every receipt) depends on its files' bytes and their
// paths inside the pack, never on where the pack is installed or how its path is spelt.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

const fs::path liangping = fs::path(TALENTRULES_SOURCE_DIR) / "rules" / "liangping";

// A scratch folder removed at scope end; unique per run so parallel test runs do not meet.
struct TempDir {
    fs::path path;
    TempDir() {
        std::random_device rd;
        path = fs::temp_directory_path() / ("talentrules_hash_" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// Changes the working directory for one scope (to spell a pack path relatively).
struct InDir {
    fs::path before = fs::current_path();
    explicit InDir(const fs::path& p) { fs::current_path(p); }
    ~InDir() { fs::current_path(before); }
};

std::shared_ptr<const RuleSet> load(const std::string& dir) {
    auto loaded = RuleSet::load(dir);
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

std::string receipt_of(const RuleSet& rules) {
    auto profile = rules.parse_profile(R"({"applicant_id":"a1"})");
    REQUIRE_MESSAGE(profile.ok(), render(profile.diagnostics));
    EvaluateOptions o;
    o.as_of = "2025-07-01";
    const auto report = rules.evaluate(*profile.profile, o);
    return report.receipt.pack_id + " " + report.receipt.pack_version + " " + report.receipt.pack_hash + " " +
           report.receipt.profile_hash;
}

}  // namespace

TEST_CASE("the pack hash is the same wherever the pack lives and however its path is spelt") {
    TempDir a, b;
    fs::copy(liangping, a.path / "liangping", fs::copy_options::recursive);
    fs::copy(liangping, b.path / "pack", fs::copy_options::recursive);

    const auto reference = load(liangping.string());
    const std::string hash = reference->content_hash();
    const std::string receipt = receipt_of(*reference);
    CHECK(hash.size() == 40);

    std::vector<std::string> hashes, receipts;
    auto add = [&](const std::string& dir) {
        INFO(dir);
        const auto r = load(dir);
        hashes.push_back(r->content_hash());
        receipts.push_back(receipt_of(*r));
    };
    add((a.path / "liangping").string());
    add((a.path / "liangping").string() + "/");
    add((b.path / "pack").string());
    {
        InDir in(a.path);
        add("liangping");
        add("./liangping");
        add("./liangping/../liangping");
    }
    {
        InDir in(fs::path(TALENTRULES_SOURCE_DIR));
        add("rules/liangping");
        add("./rules/liangping");
    }
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        INFO("spelling " << i);
        CHECK(hashes[i] == hash);
        CHECK(receipts[i] == receipt);
    }
}

TEST_CASE("a changed byte or a renamed file changes the pack hash") {
    TempDir t;
    const fs::path pack = t.path / "liangping";
    fs::copy(liangping, pack, fs::copy_options::recursive);
    const std::string original = load(pack.string())->content_hash();

    // One byte more in a comment: the rules read alike, the hash differs.
    {
        std::ofstream out(pack / "pack.yaml", std::ios::app | std::ios::binary);
        out << "#";
    }
    const std::string edited = load(pack.string())->content_hash();
    CHECK(edited != original);

    // The same bytes under another file name.
    fs::rename(pack / "schema.yaml", pack / "schema2.yaml");
    const std::string renamed = load(pack.string())->content_hash();
    CHECK(renamed != edited);
    CHECK(renamed != original);

    // Moving it back restores the hash: only content and relative paths count.
    fs::rename(pack / "schema2.yaml", pack / "schema.yaml");
    CHECK(load(pack.string())->content_hash() == edited);
}

TEST_CASE("packs held in memory hash by their names and texts") {
    const std::vector<std::pair<std::string, std::string>> files = {
        {"pack.yaml", "pack: {id: p, title: p}\n"}, {"schema.yaml", "schema:\n  - {name: age, type: int}\n"}};
    auto first = RuleSet::load_texts(files);
    auto reversed = RuleSet::load_texts({files[1], files[0]});
    REQUIRE_MESSAGE(first.ok(), render(first.diagnostics));
    REQUIRE_MESSAGE(reversed.ok(), render(reversed.diagnostics));
    CHECK(first.ruleset->content_hash() == reversed.ruleset->content_hash());
    auto moved = RuleSet::load_texts({files[0], {"facts/schema.yaml", files[1].second}});
    REQUIRE(moved.ok());
    CHECK(moved.ruleset->content_hash() != first.ruleset->content_hash());
}
