// The Python module `talentrules` (pybind11). Profiles go in as dicts (serialised with
// json.dumps), reports come back as dicts built from the report JSON (to_python.hpp:
// what json.loads would give), so Python sees exactly the documented JSON contract
// (docs/REPORT.md). Rule evaluation runs with the GIL released; check_many spreads a
// batch over native threads.

#include <pybind11/eval.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <variant>
#include <string>
#include <thread>
#include <vector>

#include "embed.hpp"
#include "to_python.hpp"
#include "talentrules/version.hpp"

namespace py = pybind11;
namespace embed = talentrules::embed;
namespace python = talentrules::python;

namespace {

// The exception classes, written in Python so they are ordinary Python classes with
// attributes (pybind11's register_exception gives message-only exceptions).
constexpr const char* exceptions_source = R"PY(
class Error(Exception):
    """Base class of talentrules errors.

    code: stable code (TR1xxx-TR6xxx for diagnostics, else "options", "internal", ...)
    file, line, column: where the fault is ("" and 0 when unknown)
    diagnostics: every diagnostic, as dicts (see RuleSet.lint)
    """

    def __init__(self, message, code="", file="", line=0, column=0, diagnostics=None, index=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.diagnostics = diagnostics if diagnostics is not None else []
        self.index = index

    def __str__(self):
        where = ""
        if self.file:
            where = self.file + (f":{self.line}:{self.column}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}, column {self.column}: "
        if self.index is not None:
            where = f"profiles[{self.index}]: " + where
        return f"{where}{self.code}: {self.message}" if self.code else where + self.message


class LoadError(Error):
    """The rule pack has errors (or cannot be read); it was not loaded."""


class ProfileError(Error, ValueError):
    """A profile is not valid JSON or does not fit the pack's schema (TR5xxx)."""


class OptionsError(Error, ValueError):
    """A bad as_of date, language, measure id or thread count."""
)PY";

struct Module {
    py::object json_dumps;
    py::object error, load_error, profile_error, options_error;
};

// The module's one piece of state: filled once while the module is imported (under the
// GIL), then only read. Never destroyed, so no Python object is released after the
// interpreter has finalised.
Module& mod() {
    static Module* m = new Module();
    return *m;
}

[[noreturn]] void throw_failure(const embed::Failure& f, std::optional<std::size_t> index = std::nullopt) {
    auto& m = mod();
    py::object cls = f.status == embed::Status::load      ? m.load_error
                     : f.status == embed::Status::profile ? m.profile_error
                     : f.status == embed::Status::options || f.status == embed::Status::invalid_argument
                         ? m.options_error
                         : m.error;
    if (f.status == embed::Status::out_of_memory) {
        throw std::bad_alloc();  // pybind11 turns it into MemoryError
    }
    py::object diagnostics = f.details.empty() ? py::object(py::list()) : python::ToPython().convert(f.details);
    py::object exc = cls(f.message, py::arg("code") = f.code, py::arg("file") = f.file,
                         py::arg("line") = f.line, py::arg("column") = f.column,
                         py::arg("diagnostics") = diagnostics,
                         py::arg("index") = index ? py::object(py::int_(*index)) : py::object(py::none()));
    PyErr_SetObject(cls.ptr(), exc.ptr());
    throw py::error_already_set();
}

// A profile as JSON text: a str or bytes is taken as JSON already, anything else is
// serialised (a dict normally; other values reach the schema check and fail there).
// Never throws for a bad profile: a value json.dumps refuses (NaN, infinity, a set, a
// circular or 2,000-deep dict, which raises RecursionError) or a str that is not
// encodable UTF-8 (a lone surrogate) is a TR5004 failure, raised by the caller as
// ProfileError or, in check_many(on_error="return"), put in that profile's place.
// Only MemoryError and KeyboardInterrupt pass through.
std::variant<std::string, embed::Failure> profile_text(const py::handle& profile) {
    auto refused = [](const std::string& why) {
        return embed::failure(embed::Status::profile, talentrules::catalogued_diagnostic("TR5004", "not_json", {why}));
    };
    auto utf8 = [&](const py::handle& str) -> std::variant<std::string, embed::Failure> {
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(str.ptr(), &size);
        if (!data) {
            py::error_already_set e;
            if (e.matches(PyExc_MemoryError)) throw;
            return refused(std::string(py::str(e.value())));
        }
        return std::string(data, static_cast<std::size_t>(size));
    };
    if (py::isinstance<py::str>(profile)) return utf8(profile);
    if (py::isinstance<py::bytes>(profile)) return profile.cast<std::string>();
    try {
        py::object text = mod().json_dumps(profile, py::arg("ensure_ascii") = false, py::arg("allow_nan") = false);
        return utf8(text);
    } catch (py::error_already_set& e) {
        if (e.matches(PyExc_MemoryError) || e.matches(PyExc_KeyboardInterrupt)) throw;
        return refused(std::string(py::str(e.value())));
    }
}

std::string profile_text_or_raise(const py::handle& profile) {
    auto text = profile_text(profile);
    if (auto* f = std::get_if<embed::Failure>(&text)) throw_failure(*f);
    return std::move(std::get<std::string>(text));
}

// A profile given as a Python value rather than as text: its errors name the value by
// pointer only (see CheckOptions::profile_is_text).
bool is_text(const py::handle& profile) { return py::isinstance<py::str>(profile) || py::isinstance<py::bytes>(profile); }

embed::CheckOptions make_options(const embed::Loaded& loaded, const std::optional<std::string>& as_of,
                                 const std::optional<std::vector<std::string>>& measures,
                                 const std::optional<std::string>& lang, bool explain,
                                 const std::optional<std::string>& messages = std::nullopt, bool strict = false) {
    embed::CheckOptions options;
    if (as_of) options.as_of = *as_of;
    if (measures) options.measures = *measures;
    if (lang) options.lang = *lang;
    if (messages) options.messages = *messages;
    options.explain = explain;
    options.strict = strict;
    if (auto f = embed::validate(*loaded.ruleset, options)) throw_failure(*f);
    return options;
}

// One check_many call: evaluates profiles on worker threads (without the GIL) while the
// calling thread, holding the GIL, converts the reports in input order as they finish
// and evaluates profiles itself whenever the next report is not ready yet. Workers never
// touch Python. The destructor stops and joins the workers, so an exception on the
// calling thread (a ProfileError, a MemoryError) cannot leave them running.
class Batch {
public:
    // `failures` holds the profiles that could not even be converted; they are skipped.
    Batch(const talentrules::rules::RuleSet& ruleset, const embed::CheckOptions& options,
          std::vector<std::string> texts, std::vector<bool> from_text,
          std::vector<std::optional<embed::Failure>> failures)
        : ruleset_(ruleset), options_(options), texts_(std::move(texts)), from_text_(std::move(from_text)),
          reports_(texts_.size()),
          failures_(std::move(failures)), ready_(new std::atomic<bool>[texts_.size()]) {
        for (std::size_t i = 0; i < texts_.size(); ++i) ready_[i].store(false, std::memory_order_relaxed);
    }

    ~Batch() {
        stop_.store(true);
        py::gil_scoped_release release;
        for (auto& t : pool_) t.join();
    }

    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

    std::size_t size() const { return texts_.size(); }

    void start(std::size_t extra_threads) {
        try {
            for (std::size_t t = 0; t < extra_threads; ++t) pool_.emplace_back([this] { work(); });
        } catch (...) {
            // Could not start more threads: those running and this one do the work.
        }
    }

    /// Returns when report `i` is done; the caller holds the GIL.
    void wait_for(std::size_t i) {
        while (!ready_[i].load(std::memory_order_acquire)) {
            py::gil_scoped_release release;
            if (!evaluate_next()) {
                std::unique_lock lock(mutex_);
                done_.wait(lock, [&] { return ready_[i].load(std::memory_order_acquire); });
            }
        }
    }

    std::optional<embed::Failure>& failure(std::size_t i) { return failures_[i]; }
    const std::string& report(std::size_t i) const { return reports_[i]; }
    void release(std::size_t i) {
        std::string().swap(reports_[i]);
        std::string().swap(texts_[i]);
    }

private:
    void work() {
        while (!stop_.load(std::memory_order_relaxed) && evaluate_next()) {
        }
    }

    // Claims and evaluates the next profile; false when none is left.
    bool evaluate_next() {
        const std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
        if (i >= texts_.size()) return false;
        if (failures_[i]) {  // not convertible: nothing to evaluate
            {
                std::lock_guard lock(mutex_);
                ready_[i].store(true, std::memory_order_release);
            }
            done_.notify_all();
            return true;
        }
        try {
            embed::CheckOptions options = options_;
            options.profile_is_text = from_text_[i];
            failures_[i] = embed::check(ruleset_, texts_[i], options, reports_[i]);
        } catch (...) {
            try {
                failures_[i] = embed::current_exception_failure();
            } catch (...) {
                failures_[i] = std::nullopt;  // no memory even for the failure: an empty
                reports_[i].clear();          // report, raised as MemoryError
            }
        }
        {
            std::lock_guard lock(mutex_);  // so a waiter cannot miss the notification
            ready_[i].store(true, std::memory_order_release);
        }
        done_.notify_all();
        return true;
    }

    const talentrules::rules::RuleSet& ruleset_;
    const embed::CheckOptions& options_;
    std::vector<std::string> texts_;
    std::vector<bool> from_text_;
    std::vector<std::string> reports_;
    std::vector<std::optional<embed::Failure>> failures_;
    std::unique_ptr<std::atomic<bool>[]> ready_;
    std::atomic<std::size_t> next_{0};
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::condition_variable done_;
    std::vector<std::thread> pool_;
};

// Pauses Python's cyclic garbage collector while a batch of reports is built: each
// report is thousands of acyclic containers, and generation-2 collections triggered by
// them would rescan everything built so far. Restores the previous state.
class GcPause {
public:
    GcPause() : gc_(py::module_::import("gc")), was_enabled_(gc_.attr("isenabled")().cast<bool>()) {
        if (was_enabled_) gc_.attr("disable")();
    }
    ~GcPause() {
        if (!was_enabled_) return;
        try {
            gc_.attr("enable")();
        } catch (py::error_already_set& e) {
            e.discard_as_unraisable(__func__);
        }
    }
    GcPause(const GcPause&) = delete;
    GcPause& operator=(const GcPause&) = delete;

private:
    py::module_ gc_;
    bool was_enabled_;
};

// The Python-side RuleSet. Immutable; shared by every thread that holds it.
class PyRuleSet {
public:
    static PyRuleSet load(const py::object& path) {
        const auto directory = py::module_::import("os").attr("fspath")(path).cast<std::string>();
        PyRuleSet rs;
        std::optional<embed::Failure> failure;
        {
            py::gil_scoped_release release;
            try {
                failure = embed::load(directory, rs.loaded_);
            } catch (...) {
                failure = embed::current_exception_failure();
            }
        }
        if (failure) throw_failure(*failure);
        return rs;
    }

    py::object check(const py::handle& profile, const std::optional<std::string>& as_of,
                     const std::optional<std::vector<std::string>>& measures, bool explain,
                     const std::optional<std::string>& lang, const std::optional<std::string>& messages,
                     bool strict) const {
        auto options = make_options(loaded_, as_of, measures, lang, explain, messages, strict);
        options.profile_is_text = is_text(profile);
        const std::string text = profile_text_or_raise(profile);
        std::string report;
        std::optional<embed::Failure> failure;
        {
            py::gil_scoped_release release;
            try {
                failure = embed::check(*loaded_.ruleset, text, options, report);
            } catch (...) {
                failure = embed::current_exception_failure();
            }
        }
        if (failure) throw_failure(*failure);
        return python::ToPython().convert(report);
    }

    py::list check_many(const py::iterable& profiles, const std::optional<std::string>& as_of,
                        const std::optional<int>& threads, const std::optional<std::vector<std::string>>& measures,
                        bool explain, const std::string& on_error, const std::optional<std::string>& messages,
                        bool strict) const {
        if (on_error != "raise" && on_error != "return") {
            throw_failure(embed::failure(embed::Status::options, "on_error must be 'raise' or 'return', not '" + on_error + "'"));
        }
        if (threads && *threads < 1) {
            throw_failure(embed::failure(embed::Status::options, "threads must be at least 1"));
        }
        auto options = make_options(loaded_, as_of, measures, std::nullopt, explain, messages, strict);
        if (options.as_of.empty()) options.as_of = talentrules::rules::today();  // one date for the batch
        // Converted one by one: a profile that cannot be (NaN, a set, a lone surrogate, a
        // dict nested 2,000 deep) is that profile's failure, in its place, not the batch's.
        std::vector<std::string> texts;
        std::vector<bool> from_text;
        std::vector<std::optional<embed::Failure>> failures;
        for (const auto& p : profiles) {
            auto text = profile_text(p);
            if (auto* f = std::get_if<embed::Failure>(&text)) {
                if (on_error == "raise") throw_failure(*f, texts.size());
                failures.emplace_back(std::move(*f));
                texts.emplace_back();
            } else {
                failures.emplace_back();
                texts.push_back(std::move(std::get<std::string>(text)));
            }
            from_text.push_back(is_text(p));
        }

        Batch batch(*loaded_.ruleset, options, std::move(texts), std::move(from_text), std::move(failures));
        const std::size_t n = batch.size();
        std::size_t workers = threads ? static_cast<std::size_t>(*threads)
                                      : std::max(1u, std::thread::hardware_concurrency());
        workers = std::max<std::size_t>(1, std::min(workers, n));
        // This thread is one of the `workers`: it turns finished reports into Python
        // objects (which needs the GIL) and evaluates when none is ready.
        batch.start(workers - 1);
        GcPause gc_pause;  // reports are acyclic: no need to scan them while they are built

        py::list out;
        python::ToPython to_python;  // one string cache for the whole batch
        for (std::size_t i = 0; i < n; ++i) {
            if (i % 256 == 255 && PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C
            batch.wait_for(i);
            auto& failure = batch.failure(i);
            if (failure) {
                if (on_error == "raise") throw_failure(*failure, i);  // ~Batch stops and joins the workers
                py::dict err;
                err["code"] = failure->code;
                err["message"] = failure->message;
                err["file"] = failure->file;
                err["line"] = failure->line;
                err["column"] = failure->column;
                err["diagnostics"] = failure->details.empty() ? py::object(py::list())
                                                              : python::ToPython().convert(failure->details);
                err["index"] = i;
                py::dict item;
                item["error"] = err;
                out.append(item);
            } else if (batch.report(i).empty()) {
                throw std::bad_alloc();
            } else {
                out.append(to_python.convert(batch.report(i)));
            }
            batch.release(i);
        }
        return out;
    }

    py::object lint() const { return python::ToPython().convert(embed::diagnostics_json(loaded_.diagnostics)); }
    py::object measures() const { return python::ToPython().convert(loaded_.measures_json); }
    std::string id() const { return loaded_.ruleset->pack().info.id; }
    std::string version() const { return loaded_.ruleset->pack().info.version; }
    std::string content_hash() const { return loaded_.ruleset->content_hash(); }
    std::string directory() const { return loaded_.ruleset->pack().directory; }

private:
    embed::Loaded loaded_;
};

}  // namespace

PYBIND11_MODULE(talentrules, m) {
    m.doc() = "talentrules: policy rules for talent support measures (load a rule pack, check profiles).";
    m.attr("__version__") = talentrules::version;

    auto& state = mod();
    auto json = py::module_::import("json");
    state.json_dumps = json.attr("dumps");
    py::exec(exceptions_source, m.attr("__dict__"));
    state.error = m.attr("Error");
    state.load_error = m.attr("LoadError");
    state.profile_error = m.attr("ProfileError");
    state.options_error = m.attr("OptionsError");

    py::class_<PyRuleSet>(m, "RuleSet",
                          "A loaded rule pack. Immutable: share one between threads; every method is "
                          "thread-safe and releases the GIL while rules run.")
        .def_static("load", &PyRuleSet::load, py::arg("path"),
                    "Loads, checks and compiles the rule pack in folder `path`. Raises LoadError "
                    "(code, file, line, column of the first error; .diagnostics has all).")
        .def("check", &PyRuleSet::check, py::arg("profile"), py::arg("as_of") = py::none(),
             py::arg("measures") = py::none(), py::arg("explain") = true, py::arg("lang") = py::none(),
             py::arg("messages") = py::none(), py::arg("strict") = false,
             "Decides every measure (or `measures`) for one profile (dict of facts, or JSON text) on "
             "`as_of` (YYYY-MM-DD; default today, UTC) and returns the report as a dict. `lang` "
             "('zh' or 'en') adds the caseworker's text as report['text']. Raises ProfileError "
             "(TR5xxx; .diagnostics has every problem, each with its JSON pointer, and line and "
             "column when the profile was text) or OptionsError. Error messages are in `messages` "
             "('zh' or 'en'; default: `lang`, else zh). strict=True makes no assumptions for "
             "absent facts (the schema's `absent`): they stay unknown.")
        .def("check_many", &PyRuleSet::check_many, py::arg("profiles"),
             py::arg("as_of") = py::none(), py::arg("threads") = py::none(), py::arg("measures") = py::none(),
             py::arg("explain") = true, py::arg("on_error") = "raise", py::arg("messages") = py::none(),
             py::arg("strict") = false,
             "check() for a batch on `threads` threads in all (default: all cores); evaluation runs "
             "without the GIL. Reports come back in input order; as_of defaults to today (UTC), "
             "fixed once for the whole batch. on_error='raise' raises ProfileError for "
             "the first bad profile (with .index); 'return' puts {'error': {..., 'diagnostics': [...], "
             "'index': i}} in its place. Each profile is converted on its own: one that is not "
             "JSON (NaN, infinity, a set, a lone surrogate, a dict nested 2,000 deep) is a "
             "ProfileError (TR5004) for that profile only. Error messages are in `messages` ('zh' or 'en'; default zh).")
        .def("lint", &PyRuleSet::lint, "The warnings found while loading the pack, as dicts "
                                       "{severity, code, message, file, line, column, pointer}, messages in English.")
        .def_property_readonly("measures", &PyRuleSet::measures,
                               "The measures: dicts {id, title{zh,en}, kind, clause{section,text}, "
                               "effective{from,to}, unit}.")
        .def_property_readonly("id", &PyRuleSet::id)
        .def_property_readonly("version", &PyRuleSet::version)
        .def_property_readonly("content_hash", &PyRuleSet::content_hash)
        .def("__repr__", [](const PyRuleSet& rs) {
            return "<talentrules.RuleSet " + rs.id() + " " + rs.version() + " from '" + rs.directory() + "'>";
        });
}
