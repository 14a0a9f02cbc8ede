// /v1/batch on one connection: the answer's header at once, then the body read a piece
// at a time and each piece's output lines written as a chunk (BatchStream decides them).

#include "http_session.hpp"

#include <exception>

namespace talentrules::serve::http_detail {

// /v1/batch: the answer's header goes out at once (200, chunked); then each piece of the
// body read is decided and its output lines written as a chunk before the next piece is
// read, so memory stays bounded whatever the batch's size. A failure after the header
// (a stalled sender, a decision log that cannot be written) can no longer change the
// status: the connection is closed without the last chunk, which the client sees as a
// truncated answer.
void Session::start_batch(std::unique_ptr<BatchStream> batch) {
    batch_ = std::move(batch);
    batch_bytes_ = 0;
    pieces_.emplace(std::move(*header_));
    pieces_->body_limit(server_.options.max_batch_bytes);
    piece_.resize(64 * 1024);
    batch_header_ = std::make_shared<http::response<http::empty_body>>(http::status::ok, 11);
    batch_header_->set(http::field::server, "talentrules");
    batch_header_->set(http::field::content_type, "application/x-ndjson");
    batch_header_->set("X-Request-Id", request_.request_id);
    batch_header_->chunked(true);
    batch_header_->keep_alive(keep_alive_);
    batch_serializer_ = std::make_shared<http::response_serializer<http::empty_body>>(*batch_header_);
    disarm_deadline();
    stream_.expires_after(std::chrono::milliseconds(server_.options.request_timeout_ms));
    http::async_write_header(stream_, *batch_serializer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->stream_.expires_never();
        self->batch_read();
    });
}

void Session::batch_read() {
    if (pieces_->is_done()) return batch_end();
    arm_deadline();  // each piece must arrive within --request-timeout
    auto& body = pieces_->get().body();
    body.data = piece_.data();
    body.size = piece_.size();
    // read_some: on with what has arrived (async_read would wait for a full buffer).
    http::async_read_some(stream_, buffer_, *pieces_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->disarm_deadline();
        if (ec == http::error::need_buffer) ec = {};
        if (ec || self->timed_out_) {
            log_line(fmt::format("serve: batch request {} cut after {} lines: {}", self->request_.request_id,
                                 self->batch_->lines(), self->timed_out_ ? "request deadline" : ec.message()));
            return self->close();
        }
        const std::size_t got = self->piece_.size() - self->pieces_->get().body().size;
        std::string out;
        bool ok = false;
        try {
            ok = self->batch_->feed(std::string_view(self->piece_.data(), got), out);
            if (ok && self->pieces_->is_done()) ok = self->batch_->finish(out);
        } catch (const std::exception& e) {
            log_line(fmt::format("serve: internal error in request {}: {}", self->request_.request_id, e.what()));
        }
        if (!ok) return self->close();
        self->batch_write(std::move(out));
    });
}

void Session::batch_write(std::string out) {
    if (out.empty()) return batch_read();
    auto data = std::make_shared<std::string>(std::move(out));
    batch_bytes_ += data->size();
    stream_.expires_after(std::chrono::milliseconds(server_.options.request_timeout_ms));
    net::async_write(stream_, http::make_chunk(net::buffer(*data)),
                     [self = shared_from_this(), data](beast::error_code ec, std::size_t) {
                         if (ec) return self->close();
                         self->stream_.expires_never();
                         self->batch_read();
                     });
}

void Session::batch_end() {
    const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    server_.service.metrics.request("/v1/batch", 200, seconds);
    server_.access.write(fmt::format(
        "{{\"time\":\"{}\",\"request_id\":{},\"peer\":{},\"method\":{},\"target\":{},\"status\":200,\"bytes\":{},"
        "\"ms\":{:.3f}}}\n",
        utc_now(), log_string(request_.request_id), log_string(peer_), log_string(method_), log_string(target_),
        batch_bytes_, seconds * 1000));
    batch_.reset();
    stream_.expires_after(std::chrono::milliseconds(server_.options.request_timeout_ms));
    net::async_write(stream_, http::make_chunk_last(), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->batch_serializer_.reset();
        self->batch_header_.reset();
        if (ec) return self->close();
        if (!self->keep_alive_) return self->linger();
        self->wait_for_request();
    });
}

}  // namespace talentrules::serve::http_detail
