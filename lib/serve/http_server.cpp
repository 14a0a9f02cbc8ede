// The HTTP layer (Boost.Beast over Asio; docs/SERVICE.md says why): accept with a
// connection cap, read each request under one deadline with header and body limits,
// answer from Service::handle in one gathered write with TCP_NODELAY, keep-alive with an
// idle timeout, signals (SIGHUP reload, SIGTERM/SIGINT drain), and the access log.

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cctype>
#include <functional>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "service.hpp"

namespace talentrules::serve {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// JSON string with every control character, DEL and non-ASCII byte escaped, so a
// hostile request line cannot break or forge access-log lines.
std::string log_string(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
        else if (c < 0x20 || c >= 0x7f) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
    return out + "\"";
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decoding ('+' as space in the query); false on a broken escape.
bool decode(std::string_view in, bool query, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%') {
            if (i + 2 >= in.size()) return false;
            const int hi = hex_digit(in[i + 1]), lo = hex_digit(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (query && in[i] == '+') {
            out += ' ';
        } else {
            out += in[i];
        }
    }
    return true;
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        }
        i += n;
    }
    return true;
}

class AccessLog {
public:
    explicit AccessLog(const std::string& where) {
        if (where == "off") return;
        if (where == "-") {
            file_ = stderr;
            return;
        }
        file_ = std::fopen(where.c_str(), "a");
        owned_ = file_ != nullptr;
    }
    ~AccessLog() {
        if (owned_) std::fclose(file_);
    }
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;
    bool failed(const std::string& where) const { return where != "off" && !file_; }
    void write(const std::string& line) {
        if (!file_) return;
        std::lock_guard lock(mutex_);
        std::fwrite(line.data(), 1, line.size(), file_);
        std::fflush(file_);
    }

private:
    std::FILE* file_ = nullptr;
    bool owned_ = false;
    std::mutex mutex_;
};

struct Server;

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(Server& server, tcp::socket socket, std::uint64_t id);
    ~Session();
    void start();
    void stop_if_idle();

private:
    void wait_for_request();
    void read_request();
    void on_read(beast::error_code ec);
    void answer(HttpResponse res, bool keep_alive, const std::string& target, const std::string& method,
                const std::string& request_id, Clock::time_point start, std::string_view route);
    void fail_and_close(int status, std::string_view code, std::string_view key, std::vector<std::string> args);
    void close();
    void linger();

    Server& server_;
    std::array<char, 1024> sink_{};
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<http::response<http::string_body>> response_;
    // The request deadline is a timer of our own: tcp_stream's expiry closes the socket,
    // and a slow sender is owed a 408 before it is.
    net::steady_timer deadline_;
    std::uint64_t deadline_generation_ = 0;
    bool timed_out_ = false;
    std::uint64_t id_;
    std::string peer_;
    bool loopback_ = false;
    bool idle_ = false;
    std::uint64_t requests_ = 0;
};

struct Server {
    Server(Service& s, const ServeOptions& o) : service(s), options(o), access(o.access_log), acceptor(ioc) {}

    // Declared before ioc: sessions still queued in it are destroyed with it and use these.
    Service& service;
    const ServeOptions& options;
    std::atomic<std::uint64_t> next_id{1};
    std::atomic<std::size_t> rejecting{0};
    std::mutex sessions_mutex;
    std::map<std::uint64_t, std::weak_ptr<Session>> sessions;
    std::string id_prefix;
    AccessLog access;
    net::io_context ioc;
    tcp::acceptor acceptor;

    void accept() {
        acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
            if (ec) {
                if (acceptor.is_open()) accept();
                return;
            }
            if (service.connections.load() >= options.max_connections) reject(std::move(socket));
            else std::make_shared<Session>(*this, std::move(socket), next_id++)->start();
            accept();
        });
    }

    // Over the cap: 503 at once, then read (and drop) what the client sent for up to a
    // second before closing, so the answer is not lost to a reset. Rejections in progress
    // are bounded too: past the cap again, the connection is just closed.
    void reject(tcp::socket socket) {
        service.metrics.rejected_connection();
        service.metrics.request("(connection cap)", 503, 0);
        if (rejecting.load() >= options.max_connections) return;
        ++rejecting;
        auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
        const auto res = error_response(503, "TR7007", "busy", {std::to_string(options.max_connections)}, Lang::en);
        auto text = std::make_shared<std::string>(
            fmt::format("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
                        "Retry-After: 1\r\nConnection: close\r\n\r\n{}",
                        res.body.size(), res.body));
        stream->expires_after(std::chrono::seconds(1));
        net::async_write(*stream, net::buffer(*text), [this, stream, text](beast::error_code ec, std::size_t) {
            if (ec) {
                --rejecting;
                return;
            }
            beast::error_code ignored;
            stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
            auto sink = std::make_shared<std::array<char, 4096>>();
            drain(stream, sink);
        });
    }

    void drain(std::shared_ptr<beast::tcp_stream> stream, std::shared_ptr<std::array<char, 4096>> sink) {
        stream->async_read_some(net::buffer(*sink), [this, stream, sink](beast::error_code ec, std::size_t) {
            if (ec) {
                --rejecting;
                return;
            }
            drain(stream, sink);
        });
    }

    void drain_all() {
        std::vector<std::shared_ptr<Session>> live;
        {
            std::lock_guard lock(sessions_mutex);
            for (auto& [id, weak] : sessions) {
                if (auto s = weak.lock()) live.push_back(std::move(s));
            }
        }
        for (auto& s : live) s->stop_if_idle();
    }
};

Session::Session(Server& server, tcp::socket socket, std::uint64_t id)
    : server_(server), stream_(std::move(socket)), deadline_(stream_.get_executor()), id_(id) {
    ++server_.service.connections;
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) {
        peer_ = endpoint.address().to_string();
        loopback_ = endpoint.address().is_loopback() ||
                    (endpoint.address().is_v6() && endpoint.address().to_v6().is_v4_mapped() &&
                     net::ip::make_address_v4(net::ip::v4_mapped, endpoint.address().to_v6()).is_loopback());
    }
    // Header and body leave in one write already (Beast gathers them); no_delay stops
    // Nagle holding back the answer's last segment for the client's delayed ACK.
    stream_.socket().set_option(tcp::no_delay(true), ec);
}

Session::~Session() {
    {
        std::lock_guard lock(server_.sessions_mutex);
        server_.sessions.erase(id_);
    }
    if (--server_.service.connections == 0 && server_.service.draining && !server_.ioc.stopped()) {
        net::post(server_.ioc, [&ioc = server_.ioc] { ioc.stop(); });
    }
}

void Session::start() {
    {
        std::lock_guard lock(server_.sessions_mutex);
        server_.sessions[id_] = weak_from_this();
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void Session::stop_if_idle() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        if (self->idle_) self->close();
    });
}

// Between requests the connection may wait --idle-timeout for the next one's first
// byte; from that byte on, the whole request must arrive within --request-timeout.
void Session::wait_for_request() {
    if (server_.service.draining) return close();
    if (buffer_.size() > 0) return read_request();
    idle_ = true;
    stream_.expires_after(std::chrono::milliseconds(server_.options.idle_timeout_ms));
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
        self->idle_ = false;
        if (ec) return self->close();
        self->buffer_.commit(n);
        self->read_request();
    });
}

void Session::read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.options.max_batch_bytes);  // the route's own limit is checked on the header
    stream_.expires_never();
    timed_out_ = false;
    const std::uint64_t generation = ++deadline_generation_;
    deadline_.expires_after(std::chrono::milliseconds(server_.options.request_timeout_ms));
    deadline_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
        if (ec || generation != self->deadline_generation_) return;
        self->timed_out_ = true;
        beast::error_code ignored;
        self->stream_.socket().cancel(ignored);
    });
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->on_read(ec);
        // The body limit of this route, known from the header: a check body over
        // --max-body is refused before it is read.
        const auto& req = self->parser_->get();
        const bool batch = req.target().starts_with("/v1/batch");
        const std::size_t limit = batch ? self->server_.options.max_batch_bytes : self->server_.options.max_body_bytes;
        if (self->parser_->content_length() && *self->parser_->content_length() > limit) return self->on_read(http::error::body_limit);
        self->parser_->body_limit(limit);
        http::async_read(self->stream_, self->buffer_, *self->parser_,
                         [self](beast::error_code ec2, std::size_t) { self->on_read(ec2); });
    });
}

void Session::fail_and_close(int status, std::string_view code, std::string_view key, std::vector<std::string> args) {
    auto res = error_response(status, code, key, std::move(args), Lang::zh);
    std::string method, target;
    if (parser_ && parser_->is_header_done()) {
        method = std::string(parser_->get().method_string());
        target = std::string(parser_->get().target());
    }
    answer(std::move(res), false, target, method, fmt::format("{}-{}-{}", server_.id_prefix, id_, requests_ + 1),
           Clock::now(), "(unparsed)");
}

void Session::on_read(beast::error_code ec) {
    const auto& o = server_.options;
    ++deadline_generation_;  // the read is over: a deadline firing now is stale
    deadline_.cancel();
    if (timed_out_) return fail_and_close(408, "TR7005", "deadline", {std::to_string(o.request_timeout_ms)});
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset) return close();
    if (ec == http::error::body_limit) {
        const bool batch = parser_ && parser_->is_header_done() && parser_->get().target().starts_with("/v1/batch");
        return fail_and_close(413, "TR7003", "too_large", {std::to_string(batch ? o.max_batch_bytes : o.max_body_bytes)});
    }
    if (ec == http::error::header_limit) return fail_and_close(431, "TR7006", "header", {std::to_string(o.max_header_bytes)});
    if (ec) return fail_and_close(400, "TR7014", "http", {ec.message()});

    const auto start = Clock::now();
    auto& req = parser_->get();
    ++requests_;
    HttpRequest r;
    r.method = std::string(req.method_string());
    const std::string target(req.target());
    std::string_view path = target;
    std::string_view query;
    if (const auto q = path.find('?'); q != std::string_view::npos) {
        query = path.substr(q + 1);
        path = path.substr(0, q);
    }
    r.loopback = loopback_;
    // The client's X-Request-Id when it is short and printable, else one of ours.
    const auto given_id = req["X-Request-Id"];
    bool printable = !given_id.empty() && given_id.size() <= 64;
    for (char c : given_id) printable = printable && c > 0x20 && c < 0x7f;
    r.request_id = printable ? std::string(given_id) : fmt::format("{}-{}-{}", server_.id_prefix, id_, requests_);
    r.test_fault = std::string(req["X-Test-Fault"]);
    std::string content_type(req[http::field::content_type]);
    if (const auto semi = content_type.find(';'); semi != std::string::npos) content_type.resize(semi);
    while (!content_type.empty() && content_type.back() == ' ') content_type.pop_back();
    for (auto& c : content_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.content_type = content_type;
    bool query_ok = decode(path, false, r.path) && valid_utf8(r.path);
    std::size_t i = 0;
    while (query_ok && i < query.size()) {
        auto end = query.find('&', i);
        if (end == std::string_view::npos) end = query.size();
        const auto pair = query.substr(i, end - i);
        i = end + 1;
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        std::string name, value;
        query_ok = decode(pair.substr(0, eq), true, name) &&
                   decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true, value) &&
                   valid_utf8(name) && valid_utf8(value);
        r.query.emplace_back(std::move(name), std::move(value));
    }
    const bool keep_alive = req.keep_alive() && !server_.service.draining;
    HttpResponse res;
    if (!query_ok) {
        res = error_response(400, "TR7008", "encoding", {}, request_lang(r));
    } else {
        r.body = std::move(req.body());
        res = server_.service.handle(r);
    }
    const std::string_view route = res.route;
    answer(std::move(res), keep_alive, target, r.method, r.request_id, start, route);
}

void Session::answer(HttpResponse res, bool keep_alive, const std::string& target, const std::string& method,
                     const std::string& request_id, Clock::time_point start, std::string_view route) {
    auto msg = std::make_shared<http::response<http::string_body>>();
    msg->result(static_cast<unsigned>(res.status));
    msg->version(11);
    msg->set(http::field::server, "talentrules");
    msg->set(http::field::content_type, res.content_type);
    msg->set("X-Request-Id", request_id);
    for (const auto& [k, v] : res.headers) msg->set(k, v);
    const std::size_t bytes = res.body.size();
    if (method != "HEAD") msg->body() = std::move(res.body);
    msg->keep_alive(keep_alive);
    msg->prepare_payload();
    if (method == "HEAD") msg->content_length(bytes);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // The route's path template keeps the label set small (not one per measure id).
    server_.service.metrics.request(route.empty() ? "(unmatched)" : route, res.status, seconds);
    server_.access.write(fmt::format(
        "{{\"time\":\"{}\",\"request_id\":{},\"peer\":{},\"method\":{},\"target\":{},\"status\":{},\"bytes\":{},"
        "\"ms\":{:.3f}}}\n",
        utc_now(), log_string(request_id), log_string(peer_), log_string(method), log_string(target), res.status, bytes,
        seconds * 1000));
    response_ = msg;
    stream_.expires_after(std::chrono::milliseconds(server_.options.request_timeout_ms));
    http::async_write(stream_, *msg, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
        self->response_.reset();
        if (ec) return self->close();
        if (!keep_alive) return self->linger();
        self->wait_for_request();
    });
}

// After a last answer: send FIN, then read and drop what the client still sends for up
// to a second, so closing with unread bytes does not reset the connection before the
// client has read the answer.
void Session::linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(1));
    stream_.async_read_some(net::buffer(sink_), [self = shared_from_this()](beast::error_code read_ec, std::size_t) {
        if (read_ec) return self->close();
        self->linger();
    });
}

void Session::close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
}

bool parse_listen(const std::string& listen, std::string& host, unsigned short& port) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) return false;
    host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string p = listen.substr(colon + 1);
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
    const long n = std::strtol(p.c_str(), nullptr, 10);
    if (n > 65535) return false;
    port = static_cast<unsigned short>(n);
    return true;
}

}  // namespace

int run(const ServeOptions& options) {
    Service service(options);
    if (const std::string errors = service.reload(); !errors.empty()) return 2;
    if (!options.decision_log.empty()) {
        std::string error;
        service.log = DecisionLog::open(options.decision_log, error);
        if (!service.log) {
            log_line(fmt::format("serve: cannot open the decision log {}: {}", options.decision_log, error));
            return 2;
        }
    }
    Server server(service, options);
    if (server.access.failed(options.access_log)) {
        log_line(fmt::format("serve: cannot open the access log {}", options.access_log));
        return 2;
    }
    server.id_prefix = fmt::format("{:x}", static_cast<unsigned>(std::chrono::system_clock::now().time_since_epoch().count()) & 0xffffff);
    std::string host;
    unsigned short port = 0;
    if (!parse_listen(options.listen, host, port)) {
        log_line(fmt::format("serve: --listen '{}' is not HOST:PORT", options.listen));
        return 2;
    }
    beast::error_code ec;
    const auto address = net::ip::make_address(host, ec);
    if (ec) {
        log_line(fmt::format("serve: --listen '{}': '{}' is not an IP address", options.listen, host));
        return 2;
    }
    const tcp::endpoint endpoint(address, port);
    server.acceptor.open(endpoint.protocol(), ec);
    if (!ec) server.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) server.acceptor.bind(endpoint, ec);
    if (!ec) server.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        log_line(fmt::format("serve: cannot listen on {}: {}", options.listen, ec.message()));
        return 2;
    }
    const auto bound = server.acceptor.local_endpoint();
    server.accept();

    std::vector<std::thread> reloads;  // joined before the service goes away
    net::signal_set signals(server.ioc, SIGTERM, SIGINT, SIGHUP);
    net::steady_timer drain_deadline(server.ioc);
    std::function<void(beast::error_code, int)> on_signal = [&](beast::error_code sig_ec, int sig) {
        if (sig_ec) return;
        if (sig == SIGHUP) {
            // Off the I/O threads: a reload takes as long as a load, and requests go on meanwhile.
            reloads.emplace_back([&service] { service.reload(); });
            signals.async_wait(on_signal);
            return;
        }
        if (service.draining.exchange(true)) return;
        log_line("serve: draining: no new connections; requests in flight finish");
        beast::error_code ignored;
        server.acceptor.close(ignored);
        server.drain_all();
        drain_deadline.expires_after(std::chrono::milliseconds(options.drain_timeout_ms));
        drain_deadline.async_wait([&server](beast::error_code timer_ec) {
            if (!timer_ec) server.ioc.stop();
        });
        if (service.connections.load() == 0) server.ioc.stop();
    };
    signals.async_wait(on_signal);

    std::cout << "listening on " << (bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string())
              << ':' << bound.port() << std::endl;
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&server] { server.ioc.run(); });
    server.ioc.run();
    for (auto& t : pool) t.join();
    for (auto& t : reloads) t.join();
    log_line("serve: stopped");
    return 0;
}

}  // namespace talentrules::serve
