// Diagnostics of the policy staff's tools (documentation site, mutation testing): TR55xx.

#include "diagnostics/catalogue.hpp"

namespace talentrules::diagnostics {

std::vector<Entry> tools_entries() {
    return {
        {"TR5501", Severity::error, "Cannot write the documentation site", "无法写入文档站点",
         {
             {"write", "cannot write '{path}'", "无法写入 '{path}'"},
         },
         "`talentrules doc` could not create a folder or write a file under the output folder "
         "(`-o`). Check that the path is writable and not a file."},
        {"TR5502", Severity::warning, "Graphs left out of the documentation site", "文档站点未包含依赖图",
         {
             {"dot", "the dependency graphs are left out: {detail}", "未生成依赖图：{detail}"},
         },
         "Drawing a measure's dependency graph needs Graphviz's `dot` program (Debian package "
         "graphviz). Without it the pages are written without graphs."},
    };
}

}  // namespace talentrules::diagnostics
