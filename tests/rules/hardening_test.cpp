// Hardening, second round (docs/RELIABILITY.md, "Hostile inputs"): the bounded reader,
// pack files that would lose or change content, confinement to the pack folder, output
// budgets and injected failures in batch, and the escaping of control characters.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "talentrules/input.hpp"
#include "talentrules/rules/batch.hpp"
#include "talentrules/rules/ruleset.hpp"
#include "talentrules/rules/testing.hpp"
#include "text/escape.hpp"

using namespace talentrules;
using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

const std::string pack_text = R"(pack: {id: harden, title: hardening}
schema:
  - {name: age, type: int}
  - {name: name, type: string}
definitions:
  - {name: adult, value: "applicant.age >= 18"}
  - {name: shout, value: "applicant.name + applicant.name"}
measures:
  - id: m
    title: m
    requires:
      - {id: adult, title: adult, when: adult}
    amount: 100
)";

struct Scratch {
    fs::path path;
    Scratch() {
        static std::atomic<int> n{0};
        path = fs::temp_directory_path() / ("talentrules_harden_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories((path / name).parent_path());
        std::ofstream(path / name, std::ios::binary) << text;
    }
};

bool has(const Diagnostics& diags, std::string_view code, std::string_view text = {}) {
    for (const auto& d : diags) {
        if (d.code == code && (text.empty() || d.message.find(text) != std::string::npos)) return true;
    }
    return false;
}

Diagnostics load_dir(const fs::path& dir) {
    auto r = RuleSet::load(dir.string());
    CHECK_MESSAGE(!r.ok(), "the pack loaded");
    return r.diagnostics;
}

}  // namespace

TEST_CASE("the bounded reader stops at its limit while reading") {
    SUBCASE("/dev/zero ends in TR5301 after limit + 1 bytes") {
        auto in = read_input("/dev/zero", 1000, InputKind::variables);
        REQUIRE(!in.ok());
        CHECK(in.error->code == "TR5301");
        CHECK(in.error->message.find("1000") != std::string::npos);
        CHECK(in.text.empty());
    }
    SUBCASE("an endless FIFO ends in TR5301") {
        Scratch dir;
        const auto fifo = dir.path / "endless.json";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        std::atomic<bool> done{false};
        // The writer's last write meets a closed reader: EPIPE, not a fatal SIGPIPE.
        const auto old_pipe = ::signal(SIGPIPE, SIG_IGN);
        // Non-blocking writes, so the writer notices `done` even when the pipe is full.
        std::thread writer([&] {
            const int fd = ::open(fifo.c_str(), O_WRONLY);
            if (fd < 0) return;
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
            const std::string block(4096, 'x');
            while (!done.load()) {
                if (::write(fd, block.data(), block.size()) < 0) {
                    if (errno != EAGAIN) break;
                    ::usleep(1000);
                }
            }
            ::close(fd);
        });
        auto in = read_input(fifo.string(), 1 << 20, InputKind::profile);
        done = true;
        // If the writer is still waiting in open() for a reader, this lets it through.
        const int unblock = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
        if (unblock >= 0) ::close(unblock);
        writer.join();
        ::signal(SIGPIPE, old_pipe);
        REQUIRE(!in.ok());
        CHECK(in.error->code == "TR5301");
    }
    SUBCASE("a FIFO nobody writes to ends in TR5302, not a hang") {
        Scratch dir;
        const auto fifo = dir.path / "quiet.json";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        auto in = read_input(fifo.string(), 100, InputKind::profile);
        REQUIRE(!in.ok());
        CHECK(in.error->code == "TR5302");
        CHECK(in.error->message.find("FIFO") != std::string::npos);
    }
    SUBCASE("exactly the limit is read; a missing file or a folder is TR5302") {
        Scratch dir;
        dir.write("ten", std::string(10, 'a'));
        CHECK(read_input((dir.path / "ten").string(), 10, InputKind::units).ok());
        CHECK(read_input((dir.path / "ten").string(), 9, InputKind::units).error->code == "TR5301");
        CHECK(read_input((dir.path / "none").string(), 9, InputKind::units).error->code == "TR5302");
        CHECK(read_input(dir.path.string(), 9, InputKind::units).error->code == "TR5302");
    }
}

TEST_CASE("pack files that would lose or change content are errors with file and position") {
    Scratch dir;
    dir.write("pack.yaml", pack_text);
    SUBCASE("a second YAML document") {
        dir.write("more.yaml", "parameters:\n  - {name: a, value: 1}\n---\nparameters:\n  - {name: b, value: 2}\n");
        const auto diags = load_dir(dir.path);
        REQUIRE(has(diags, "TR3302"));
        for (const auto& d : diags) {
            if (d.code == "TR3302") CHECK(d.position.line == 4);
        }
    }
    SUBCASE("an empty second document after ---") {
        dir.write("more.yaml", "parameters:\n  - {name: a, value: 1}\n---\n");
        CHECK(has(load_dir(dir.path), "TR3302"));
    }
    SUBCASE("a single document with --- and ... markers is fine") {
        dir.write("more.yaml", "---\nparameters:\n  - {name: a, value: 1}\n...\n");
        auto r = RuleSet::load(dir.path.string());
        CHECK_MESSAGE(r.ok(), render(r.diagnostics));
    }
    for (const char* tag : {"!!str 5", "!include other.yaml", "!!python/object:os.system x", "!custom 1",
                            "!!int \"7\"", "!<tag:yaml.org,2002:str> 3"}) {
        CAPTURE(tag);
        dir.write("more.yaml", std::string("parameters:\n  - {name: a, value: ") + tag + "}\n");
        const auto diags = load_dir(dir.path);
        CHECK(has(diags, "TR3304"));
        for (const auto& d : diags) {
            if (d.code == "TR3304") CHECK(d.position.line == 2);
        }
    }
    SUBCASE("a tag on a key or a collection") {
        dir.write("more.yaml", "!!map\nparameters: []\n");
        CHECK(has(load_dir(dir.path), "TR3304"));
        dir.write("more.yaml", "? !!str parameters\n: []\n");
        CHECK(has(load_dir(dir.path), "TR3304"));
    }
    SUBCASE("a FIFO named *.yaml") {
        REQUIRE(::mkfifo((dir.path / "pipe.yaml").c_str(), 0600) == 0);
        CHECK(has(load_dir(dir.path), "TR3301", "FIFO"));
    }
    SUBCASE("a socket named *.yml") {
        const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
        REQUIRE(s >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const auto where = (dir.path / "sock.yml").string();
        if (where.size() < sizeof addr.sun_path) {
            std::strcpy(addr.sun_path, where.c_str());
            REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
            CHECK(has(load_dir(dir.path), "TR3301", "socket"));
        }
        ::close(s);
    }
    SUBCASE("a link to a device named *.yaml") {
        fs::create_symlink("/dev/zero", dir.path / "zero.yaml");
        const auto diags = load_dir(dir.path);
        CHECK((has(diags, "TR3303") || has(diags, "TR3301")));
    }
}

TEST_CASE("a pack is read only from its own folder") {
    Scratch outside;
    outside.write("secret.yaml", "SECRET-LINE: do not show\n");
    Scratch dir;
    dir.write("pack.yaml", pack_text);
    SUBCASE("a file linked out of the pack") {
        fs::create_symlink(outside.path / "secret.yaml", dir.path / "secret.yaml");
        const auto diags = load_dir(dir.path);
        CHECK(has(diags, "TR3303"));
        for (const auto& d : diags) CHECK(d.message.find("SECRET-LINE") == std::string::npos);
    }
    SUBCASE("a relative link climbing out") {
        fs::create_directories(dir.path / "sub");
        fs::create_symlink(fs::relative(outside.path / "secret.yaml", dir.path / "sub"), dir.path / "sub" / "s.yaml");
        CHECK(has(load_dir(dir.path), "TR3303"));
    }
    SUBCASE("a folder linked out of the pack") {
        fs::create_directory_symlink(outside.path, dir.path / "more");
        CHECK(has(load_dir(dir.path), "TR3303"));
    }
    SUBCASE("links that stay inside are still followed") {
        dir.write("real/extra.yaml", "parameters:\n  - {name: extra, value: 1}\n");
        fs::create_directory_symlink("real", dir.path / "alias");
        auto r = RuleSet::load(dir.path.string());
        CHECK(!r.ok());  // the same real folder twice: the existing loop rule
        CHECK(has(r.diagnostics, "TR3014"));
    }
}

TEST_CASE("rule tests read profiles only from the pack or an allowed folder") {
    Scratch outside;
    outside.write("p.json", R"({"age": 30})");
    outside.write("leak.json", "SECRET-LINE\n");
    Scratch dir;
    dir.write("pack.yaml", pack_text);
    dir.write("tests/in.json", R"({"age": 30})");
    auto loaded = RuleSet::load(dir.path.string());
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    auto test_with = [&](const std::string& profile) {
        dir.write("tests/t.yaml", "tests:\n  - name: t\n    as_of: 2025-01-01\n    profile: " + profile +
                                      "\n    expect:\n      m: {outcome: eligible}\n");
    };
    SUBCASE("inside the pack") {
        test_with("in.json");
        auto run = run_tests(*loaded.ruleset, {});
        CHECK_MESSAGE(run.diagnostics.empty(), render(run.diagnostics));
        CHECK(run.passed == 1);
    }
    SUBCASE("an absolute path outside") {
        test_with((outside.path / "leak.json").string());
        auto run = run_tests(*loaded.ruleset, {});
        REQUIRE(has(run.diagnostics, "TR3303"));
        const auto& d = run.diagnostics.front();
        CHECK(d.file.ends_with("t.yaml"));
        CHECK(d.position.line == 4);
        CHECK(render(run.diagnostics).find("SECRET") == std::string::npos);
    }
    SUBCASE("a ../ escape") {
        test_with(fs::relative(outside.path / "leak.json", dir.path / "tests").string());
        CHECK(has(run_tests(*loaded.ruleset, {}).diagnostics, "TR3303"));
    }
    SUBCASE("a link inside the pack leading out") {
        fs::create_symlink(outside.path / "leak.json", dir.path / "tests" / "link.json");
        test_with("link.json");
        CHECK(has(run_tests(*loaded.ruleset, {}).diagnostics, "TR3303"));
    }
    SUBCASE("an allowed folder") {
        outside.write("allowed/p.json", R"({"age": 30})");
        const auto allowed = (outside.path / "allowed").string();
        test_with((outside.path / "allowed" / "p.json").string());
        auto run = run_tests(*loaded.ruleset, {}, "en", {allowed});
        CHECK_MESSAGE(run.diagnostics.empty(), render(run.diagnostics));
        CHECK(run.passed == 1);
        // The allowance is that folder only: `..` out of it is refused again.
        test_with((outside.path / "allowed" / ".." / "leak.json").string());
        CHECK(has(run_tests(*loaded.ruleset, {}, "en", {allowed}).diagnostics, "TR3303"));
    }
    SUBCASE("a test profile that is a device is bounded") {
        fs::create_symlink("/dev/zero", dir.path / "tests" / "zero.json");
        test_with("zero.json");
        auto run = run_tests(*loaded.ruleset, {}, "en", {"/dev"});
        CHECK(has(run.diagnostics, "TR5301"));
    }
}

TEST_CASE("batch: budgets and failures stay in their record") {
    auto loaded = RuleSet::load_texts({{"pack.yaml", pack_text}});
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    const auto& rs = *loaded.ruleset;
    BatchOptions o;
    o.as_of = "2025-01-01";
    o.threads = 2;
    const std::string input = "{\"age\": 30}\n{\"age\": 31}\n{\"age\": 32}\n";
    SUBCASE("an injected out-of-memory is that line's error record") {
        o.fail_line = 2;
        std::istringstream in(input);
        std::ostringstream out;
        const auto stats = run_batch(rs, o, in, out);
        CHECK(stats.lines == 3);
        CHECK(stats.errors == 1);
        std::istringstream lines(out.str());
        std::string line;
        int n = 0;
        while (std::getline(lines, line)) {
            ++n;
            CHECK((n == 2) == (line.find("out of memory") != std::string::npos));
        }
        CHECK(n == 3);
    }
    SUBCASE("a record over its budget is a TR6011 record") {
        o.values = {"shout"};
        o.max_record_bytes = 200;
        std::istringstream in("{\"age\": 1, \"name\": \"" + std::string(150, 'x') + "\"}\n{\"age\": 1, \"name\": \"y\"}\n");
        std::ostringstream out;
        run_batch(rs, o, in, out);
        const auto text = out.str();
        CAPTURE(text);
        CHECK(text.find("TR6011") != std::string::npos);
        CHECK(text.find("\"shout\":\"yy\"") != std::string::npos);
    }
    SUBCASE("first_line numbers the records of a resumed run") {
        o.first_line = 11;
        std::istringstream in("oops\n");
        std::ostringstream out;
        const auto stats = run_batch(rs, o, in, out);
        CHECK(stats.lines == 1);
        CHECK(out.str().find("\"line\":11") != std::string::npos);
    }
    SUBCASE("control characters in the text form are escaped") {
        o.format = BatchFormat::text;
        std::istringstream in("{\"applicant_id\": \"a\\u202Eb\\tc\\u0007\", \"age\": 30}\n");
        std::ostringstream out;
        run_batch(rs, o, in, out);
        const auto text = out.str();
        CHECK(text.find("\u202E") == std::string::npos);
        CHECK(text.find("a\\u{202E}b\\tc\\u{0007}") != std::string::npos);
    }
}

TEST_CASE("escape_controls writes control and bidi characters as escapes") {
    CHECK(text::escape_controls("plain 中文") == "plain 中文");
    CHECK(text::escape_controls("a\tb\nc\rd") == "a\\tb\\nc\\rd");
    CHECK(text::escape_controls("\x1b[31m") == "\\u{001B}[31m");
    CHECK(text::escape_controls("\x7f") == "\\u{007F}");
    CHECK(text::escape_controls("\u0085") == "\\u{0085}");  // C1 NEL
    for (char32_t c : {0x061Cu, 0x200Eu, 0x200Fu, 0x202Au, 0x202Bu, 0x202Cu, 0x202Du, 0x202Eu, 0x2066u, 0x2067u,
                       0x2068u, 0x2069u}) {
        CHECK(text::is_escaped_code_point(c));
    }
    CHECK(text::escape_controls("id\u202Egnp.exe") == "id\\u{202E}gnp.exe");
    CHECK(!text::is_escaped_code_point(0x200D));  // a joiner in emoji, not a control
    CHECK(text::escape_controls(std::string("a\xff" "b")) == "a\\x{FF}b");
    CHECK(text::escape_controls(std::string("\xe2\x80")) == "\\x{E2}\\x{80}");
}

TEST_CASE("a profile string with a bidi override is escaped in the text report, kept in JSON") {
    auto loaded = RuleSet::load_texts({{"pack.yaml", pack_text}});
    REQUIRE(loaded.ok());
    auto p = loaded.ruleset->parse_profile(R"({"applicant_id": "x\u202Ey\u2066", "age": 30})");
    REQUIRE(p.ok());
    EvaluateOptions eo;
    eo.as_of = "2025-01-01";
    const auto report = loaded.ruleset->evaluate(*p.profile, eo);
    const auto text = to_text(report, "en");
    CHECK(text.find("\u202E") == std::string::npos);
    CHECK(text.find("x\\u{202E}y\\u{2066}") != std::string::npos);
    // Diagnostics quote profile text: escaped when rendered.
    auto bad = loaded.ruleset->parse_profile("{\"age\": \"1\\u202E2\"}");
    REQUIRE(!bad.ok());
    CHECK(render(bad.diagnostics).find("\u202E") == std::string::npos);
}

TEST_CASE("a YAML profile with a tag or a second document is refused, not changed") {
    auto loaded = RuleSet::load_texts({{"pack.yaml", pack_text}});
    REQUIRE(loaded.ok());
    const auto& rs = *loaded.ruleset;
    for (const char* text : {"age: !!str 30\n", "age: !!int \"30\"\n", "name: !include x.yaml\n",
                             "name: !!python/object:os.system x\n", "!!str age: 30\n", "age: 30\n---\nage: 40\n",
                             "age: 30\n---\n"}) {
        CAPTURE(text);
        auto r = rs.parse_profile(text, "p.yaml", true);
        CHECK(!r.ok());
        CHECK(has(r.diagnostics, "TR5004"));
    }
    CHECK(rs.parse_profile("---\nage: 30\n...\n", "p.yaml", true).ok());
    CHECK(rs.parse_profile("name: '!!str'\n", "p.yaml", true).ok());
}

TEST_CASE("a rule test file with a second YAML document is refused") {
    Scratch dir;
    dir.write("pack.yaml", pack_text);
    dir.write("tests/t.yaml", "tests:\n  - name: a\n    as_of: 2025-01-01\n    profile: {age: 30}\n    expect:\n"
                              "      m: {outcome: eligible}\n---\ntests: []\n");
    auto loaded = RuleSet::load(dir.path.string());
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    auto run = run_tests(*loaded.ruleset, {});
    REQUIRE(has(run.diagnostics, "TR3201", "second YAML document"));
    CHECK(run.diagnostics.front().position.line == 8);
}
