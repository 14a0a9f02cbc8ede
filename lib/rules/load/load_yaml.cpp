// Finds and reads a pack's YAML files (limits, UTF-8, YAML syntax, repeated keys), then
// hands each parsed file to the element readers (read_elements.cpp).

#include "rules/load/load_yaml.hpp"
#include "text/date.hpp"

#include "diagnostics/catalogue.hpp"
#include "rules/load/read_elements.hpp"
#include "rules/load/yaml_value.hpp"

#include "util/read.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace talentrules::rules::detail {
namespace {

namespace fs = std::filesystem;

void file_error(Diagnostics& diags, std::string file, std::string_view code, std::string_view key,
                std::initializer_list<diagnostics::Arg> args, Position at = {}) {
    diags.push_back(diagnostics::make_diagnostic(code, key, args, std::move(file), at));
}

Position position_of(std::string_view text, std::size_t offset) {
    return talentrules::position_of(text, static_cast<std::uint32_t>(std::min<std::size_t>(offset, UINT32_MAX)));
}

// Checks a parsed document before it is read. Aliases make one node reachable many
// times (and `&a [*a]` makes a node contain itself), so every visit counts against the
// pack's node budget, exactly as often as the reader would visit it: an alias bomb or a
// self-referencing anchor ends here, in time proportional to the budget. Also rejects
// repeated keys (yaml-cpp keeps both; the reader would see only the first) and keys
// that are not plain values.
class Walker {
public:
    Walker(NodeDiagnostics& reader, const LoadOptions& options, std::size_t& nodes)
        : reader_(reader), options_(options), nodes_(nodes) {}

    bool visit(const YAML::Node& n, std::size_t depth) {
        if (++nodes_ > options_.max_yaml_nodes) {
            reader_.error(n, "TR3016", "nodes", {options_.max_yaml_nodes});
            return false;
        }
        if (depth > options_.max_yaml_depth) {
            reader_.error(n, "TR3016", "depth_alias", {options_.max_yaml_depth});
            return false;
        }
        if (!untagged(n)) return false;
        if (n.IsScalar() && !text(n)) return false;
        if (n.IsSequence()) {
            for (const auto& item : n) {
                if (!visit(item, depth + 1)) return false;
            }
        } else if (n.IsMap()) {
            std::vector<std::pair<std::string_view, YAML::Mark>> keys;
            for (const auto& kv : n) {
                if (!kv.first.IsScalar()) {
                    reader_.error(kv.first, "TR3003", "mapping_key", {});
                    return false;
                }
                if (!untagged(kv.first) || !text(kv.first)) return false;
                keys.emplace_back(kv.first.Scalar(), kv.first.Mark());
                if (!visit(kv.second, depth + 1)) return false;
            }
            if (keys.size() > 1 && !unique_keys(n, keys)) return false;
        }
        return true;
    }

private:
    // A tag (`!!str`, `!include`, `!!python/…`) would change a value's type or ask for
    // what the reader does not do: refused. yaml-cpp gives "?" to plain values and "!" to
    // quoted ones, "" to the null of an empty document.
    bool untagged(const YAML::Node& n) {
        const std::string& tag = n.Tag();
        if (tag.empty() || tag == "?" || tag == "!") return true;
        reader_.error(n, "TR3304", "tag", {tag});
        return false;
    }

    // Counts a scalar's bytes against the budget, then checks that YAML decoding left
    // valid UTF-8 (escapes like "\ud800" and some control bytes do not).
    bool text(const YAML::Node& n) {
        const std::string& s = n.Scalar();
        text_bytes_ += s.size();
        if (text_bytes_ > options_.max_yaml_text_bytes) {
            reader_.error(n, "TR3016", "text", {options_.max_yaml_text_bytes});
            return false;
        }
        if (first_invalid_utf8(s) != std::string_view::npos) {
            reader_.error(n, "TR3017", "value", {});
            return false;
        }
        return true;
    }

    bool unique_keys(const YAML::Node& map, std::vector<std::pair<std::string_view, YAML::Mark>>& keys) {
        std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        bool ok = true;
        for (std::size_t i = 1; i < keys.size(); ++i) {
            if (keys[i].first != keys[i - 1].first) continue;
            const auto& first = keys[i - 1].second;
            const Position at = keys[i].second.line >= 0
                                    ? Position{static_cast<std::uint32_t>(keys[i].second.line + 1),
                                               static_cast<std::uint32_t>(keys[i].second.column + 1)}
                                    : reader_.where(map).position;
            reader_.report(diagnostics::make_diagnostic("TR3005", "key", {keys[i].first, first.line + 1, first.column + 1},
                                                        reader_.where(map).file, at));
            ok = false;
        }
        return ok;
    }

    NodeDiagnostics& reader_;
    const LoadOptions& options_;
    std::size_t& nodes_;
    std::size_t text_bytes_ = 0;
};

// Parses one file's text into `pack`. `nodes` counts YAML values over the whole pack.
void read_text(const std::string& name, const std::string& text, const LoadOptions& options, std::size_t& nodes,
               Pack& pack, Diagnostics& diags) {
    if (const auto bad = first_invalid_utf8(text); bad != std::string_view::npos) {
        file_error(diags, name, "TR3017", "file", {}, position_of(text, bad));
        return;
    }
    NodeDiagnostics reader(name, diags);
    try {
        // A second document is an error, not silently dropped.
        if (const auto second = second_document_start(text)) {
            file_error(diags, name, "TR3302", "documents", {2}, *second);
            return;
        }
        YAML::Node root = YAML::Load(text);
        Walker walker(reader, options, nodes);
        if (walker.visit(root, 0)) read_document(name, root, pack, diags);
    } catch (const YAML::DeepRecursion& e) {
        file_error(diags, name, "TR3016", "depth", {e.depth()},
                   {static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)});
    } catch (const YAML::Exception& e) {
        file_error(diags, name, "TR3001", "yaml", {e.msg},
                   {static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)});
    }
}

void finish(Pack& pack, const std::string& where, Diagnostics& diags) {
    if (pack.files.empty()) file_error(diags, where, "TR3012", "no_files", {});
    else if (pack.info.id.empty()) file_error(diags, where, "TR3012", "no_pack", {});
}

const char* kind_of(fs::file_type type) {
    switch (type) {
    case fs::file_type::fifo: return "FIFO";
    case fs::file_type::socket: return "socket";
    case fs::file_type::character: return "character device";
    case fs::file_type::block: return "block device";
    case fs::file_type::directory: return "folder";
    default: return "special file";
    }
}

bool is_yaml(const fs::path& p) {
    const auto ext = p.extension();
    return ext == ".yaml" || ext == ".yml";
}

}  // namespace


bool valid_date(std::string_view s) { return text::valid_date(s); }

Pack load_pack_files(const std::string& directory, const LoadOptions& options, Diagnostics& diags) {
    Pack pack;
    pack.directory = directory;
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
        file_error(diags, directory, "TR3014", "no_folder", {});
        return pack;
    }
    // Folders are followed through symbolic links, but each real folder is read once: a
    // link back to the pack (or to a folder already read) is a loop and an error.
    std::set<fs::path> folders;
    const fs::path root = fs::canonical(directory, ec);
    folders.insert(root);
    std::vector<fs::path> files;
    const auto flags = fs::directory_options::skip_permission_denied | fs::directory_options::follow_directory_symlink;
    fs::recursive_directory_iterator it(directory, flags, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& path = it->path();
        std::error_code sec;
        const auto status = it->status(sec);  // through symbolic links
        if (sec) {
            // A dangling link or a link loop (`a.yaml -> a.yaml`): report those that may
            // be pack files or folders, never drop one silently.
            if (is_yaml(path) || sec == std::errc::too_many_symbolic_link_levels) {
                file_error(diags, path.string(), "TR3014", "cannot_read", {sec.message()});
            }
            continue;
        }
        // tests/ is not part of the pack (run_tests confines what it reads there).
        if (fs::is_directory(status) && path.filename() == "tests") {
            it.disable_recursion_pending();
            continue;
        }
        // Confined to the pack folder: a link (to a file or a folder) that resolves
        // outside it is refused and never read.
        if (std::error_code lec; it->is_symlink(lec)) {
            std::error_code cec;
            const auto real = fs::canonical(path, cec);
            if (!cec && !util::within(real, root)) {
                if (fs::is_directory(status)) it.disable_recursion_pending();
                if (fs::is_directory(status) || is_yaml(path)) {
                    file_error(diags, path.string(), "TR3303", "link", {real.string()});
                }
                continue;
            }
        }
        if (fs::is_directory(status)) {
            std::error_code cec;
            const auto real = fs::canonical(path, cec);
            if (cec || !folders.insert(real).second) {
                it.disable_recursion_pending();
                if (cec) {
                    file_error(diags, path.string(), "TR3014", "cannot_read", {cec.message()});
                } else {
                    file_error(diags, path.string(), "TR3014", "folder_loop", {real.string()});
                }
            }
            continue;
        }
        if (is_yaml(path)) {
            if (fs::is_regular_file(status)) files.push_back(path);
            else file_error(diags, path.string(), "TR3301", "not_regular", {kind_of(status.type())});
        }
        if (files.size() > options.max_files) {
            file_error(diags, directory, "TR3015", "files", {options.max_files});
            return pack;
        }
    }
    if (ec) {
        file_error(diags, directory, "TR3014", "cannot_list", {ec.message()});
        return pack;
    }
    std::sort(files.begin(), files.end());
    std::size_t total = 0;
    std::size_t nodes = 0;
    for (const auto& path : files) {
        const std::string name = path.string();
        // Opened without blocking and checked again: the file may have been replaced by a
        // FIFO or device since it was listed.
        const int fd = util::open_for_reading(name.c_str(), 0);
        if (fd < 0) {
            file_error(diags, name, "TR3014", "cannot_read_file", {});
            continue;
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            file_error(diags, name, "TR3301", "not_regular", {kind_of(fs::status(path, ec).type())});
            continue;
        }
        // The bounded reader stops at what is left of the pack's budget: a 100 MB file
        // is never read whole.
        std::string text;
        int error = 0;
        const auto read = util::read_bounded(fd, options.max_pack_bytes - std::min(total, options.max_pack_bytes), text, error);
        ::close(fd);
        if (read == util::ReadStatus::too_large) {
            file_error(diags, name, "TR3015", "bytes", {options.max_pack_bytes});
            return pack;
        }
        if (read == util::ReadStatus::failed) {
            file_error(diags, name, "TR3014", "cannot_read", {std::strerror(error)});
            continue;
        }
        total += text.size();
        read_text(name, text, options, nodes, pack, diags);
        pack.files.emplace_back(name, std::move(text));
    }
    finish(pack, directory, diags);
    return pack;
}

Pack load_pack_texts(const std::vector<std::pair<std::string, std::string>>& files, const LoadOptions& options,
                     Diagnostics& diags) {
    Pack pack;
    if (files.size() > options.max_files) {
        file_error(diags, {}, "TR3015", "files", {options.max_files});
        return pack;
    }
    std::size_t total = 0;
    std::size_t nodes = 0;
    for (const auto& [name, text] : files) {
        total += text.size();
        if (total > options.max_pack_bytes) {
            file_error(diags, name, "TR3015", "bytes", {options.max_pack_bytes});
            return pack;
        }
        read_text(name, text, options, nodes, pack, diags);
        pack.files.emplace_back(name, text);
    }
    finish(pack, "(in memory)", diags);
    return pack;
}

}  // namespace talentrules::rules::detail
