// The HTTP layer (Boost.Beast over Asio; docs/SERVICE.md says why): accept with a
// connection cap, read each request under one deadline with header and body limits,
// answer from Service::handle in one gathered write with TCP_NODELAY, keep-alive with an
// idle timeout, signals (SIGHUP reload, SIGTERM/SIGINT drain), and the access log.

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <thread>
#include <variant>

#include "http_session.hpp"

namespace talentrules::serve {
namespace http_detail {

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

void Session::arm_deadline() {
    timed_out_ = false;
    const std::uint64_t generation = ++deadline_generation_;
    deadline_.expires_after(std::chrono::milliseconds(server_.options.request_timeout_ms));
    deadline_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
        if (ec || generation != self->deadline_generation_) return;
        self->timed_out_ = true;
        beast::error_code ignored;
        self->stream_.socket().cancel(ignored);
    });
}

void Session::disarm_deadline() {
    ++deadline_generation_;  // a deadline firing from now on is stale
    deadline_.cancel();
}

void Session::read_request() {
    header_.emplace();
    header_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    body_.reset();
    pieces_.reset();
    method_.clear();
    target_.clear();
    stream_.expires_never();
    arm_deadline();
    http::async_read_header(stream_, buffer_, *header_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void Session::fail_and_close(int status, std::string_view code, std::string_view key, std::vector<std::string> args) {
    auto res = error_response(status, code, key, std::move(args), Lang::zh);
    answer(std::move(res), false, target_, method_, fmt::format("{}-{}-{}", server_.id_prefix, id_, requests_ + 1),
           Clock::now(), "(unparsed)");
}

// The answer to a read that failed; false when the read succeeded.
bool Session::read_failed(beast::error_code ec) {
    const auto& o = server_.options;
    if (timed_out_) {
        fail_and_close(408, "TR7005", "deadline", {std::to_string(o.request_timeout_ms)});
        return true;
    }
    if (!ec) return false;
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset) {
        close();
    } else if (ec == http::error::body_limit) {
        const bool batch = request_.path == "/v1/batch";
        fail_and_close(413, "TR7003", "too_large", {std::to_string(batch ? o.max_batch_bytes : o.max_body_bytes)});
    } else if (ec == http::error::header_limit) {
        fail_and_close(431, "TR7006", "header", {std::to_string(o.max_header_bytes)});
    } else {
        fail_and_close(400, "TR7014", "http", {ec.message()});
    }
    return true;
}

void Session::on_header(beast::error_code ec) {
    if (ec) disarm_deadline();
    request_ = HttpRequest{};
    if (read_failed(ec)) return;
    start_ = Clock::now();
    auto& req = header_->get();
    ++requests_;
    HttpRequest& r = request_;
    r.method = method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    std::string_view path = target_;
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
    keep_alive_ = req.keep_alive() && !server_.service.draining;
    has_body_ = req.chunked() || (header_->content_length() && *header_->content_length() > 0);
    // Answered before the body is read: the connection cannot be reused (the rest of
    // the body would be read as the next request).
    const auto early = [this](HttpResponse res) {
        disarm_deadline();
        const std::string_view route = res.route;
        answer(std::move(res), keep_alive_ && !has_body_, target_, method_, request_.request_id, start_, route);
    };
    if (!query_ok) return early(error_response(400, "TR7008", "encoding", {}, request_lang(r)));
    const auto& o = server_.options;
    const bool batch = r.method == "POST" && r.path == "/v1/batch";
    const std::size_t limit = batch ? o.max_batch_bytes : o.max_body_bytes;
    // A declared length over the limit is refused before the body is read.
    if (header_->content_length() && *header_->content_length() > limit) {
        has_body_ = true;
        return early(error_response(413, "TR7003", "too_large", {std::to_string(limit)}, request_lang(r)));
    }
    if (batch) {
        if (auto refused = server_.service.refuse(r)) return early(std::move(*refused));
        try {
            auto started = BatchStream::start(server_.service, r);
            if (auto* error = std::get_if<HttpResponse>(&started)) return early(std::move(*error));
            return start_batch(std::move(std::get<std::unique_ptr<BatchStream>>(started)));
        } catch (const std::exception& e) {
            log_line(fmt::format("serve: internal error in request {}: {}", r.request_id, e.what()));
            return early(error_response(503, "TR7011", "internal", {r.request_id}, request_lang(r)));
        }
    }
    body_.emplace(std::move(*header_));
    body_->body_limit(limit);
    http::async_read(stream_, buffer_, *body_,
                     [self = shared_from_this()](beast::error_code ec2, std::size_t) { self->on_body(ec2); });
}

void Session::on_body(beast::error_code ec) {
    disarm_deadline();
    if (read_failed(ec)) return;
    request_.body = std::move(body_->get().body());
    HttpResponse res = server_.service.handle(request_);
    const std::string_view route = res.route;
    answer(std::move(res), keep_alive_, target_, method_, request_.request_id, start_, route);
}

void Session::answer(HttpResponse res, bool keep_alive, const std::string& target, const std::string& method,
                     const std::string& request_id, Clock::time_point start, std::string_view route) {
    keep_alive = keep_alive && !server_.service.draining;  // SIGTERM may have come while it was decided
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

}  // namespace http_detail

int run(const ServeOptions& options) {
    using namespace http_detail;
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
