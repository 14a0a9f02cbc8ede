#pragma once
// The HTTP layer's two types (internal to lib/serve): Server, the accept loop with its
// connection cap and the state every connection shares, and Session, one connection.
// Session's methods are in http_server.cpp, its /v1/batch stream in http_batch.cpp.

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "batch_stream.hpp"
#include "http_util.hpp"
#include "service.hpp"

namespace talentrules::serve::http_detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

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
    void on_header(beast::error_code ec);
    void on_body(beast::error_code ec);
    bool read_failed(beast::error_code ec);
    void arm_deadline();
    void disarm_deadline();
    void start_batch(std::unique_ptr<BatchStream> batch);
    void batch_read();
    void batch_write(std::string out);
    void batch_end();
    void answer(HttpResponse res, bool keep_alive, const std::string& target, const std::string& method,
                const std::string& request_id, Clock::time_point start, std::string_view route);
    void fail_and_close(int status, std::string_view code, std::string_view key, std::vector<std::string> args);
    void close();
    void linger();

    Server& server_;
    std::array<char, 1024> sink_{};
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    // A request's header is read alone; its body then as a string (most routes) or in
    // pieces (a /v1/batch stream).
    std::optional<http::request_parser<http::empty_body>> header_;
    std::optional<http::request_parser<http::string_body>> body_;
    std::optional<http::request_parser<http::buffer_body>> pieces_;
    HttpRequest request_;
    std::string method_, target_;
    bool keep_alive_ = false;
    bool has_body_ = false;
    Clock::time_point start_;
    std::shared_ptr<http::response<http::string_body>> response_;
    // The /v1/batch stream in progress.
    std::unique_ptr<BatchStream> batch_;
    std::shared_ptr<http::response<http::empty_body>> batch_header_;
    std::shared_ptr<http::response_serializer<http::empty_body>> batch_serializer_;
    std::vector<char> piece_;
    std::size_t batch_bytes_ = 0;
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
                // Out of descriptors (EMFILE) and the like: try again shortly rather than
                // spinning on an error that repeats at once.
                if (!acceptor.is_open()) return;
                auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(50));
                timer->async_wait([this, timer](beast::error_code) {
                    if (acceptor.is_open()) accept();
                });
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

}  // namespace talentrules::serve::http_detail
