// cel-go's encoders extension: base64.encode(bytes) and base64.decode(string), standard
// alphabet (RFC 4648 §4). Written here because it is a few lines: no dependency for it.

#include <array>
#include <cstdint>

#include "cel/functions/families.hpp"

namespace talentrules::cel {
namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(in[k])); };
    for (; i + 3 <= in.size(); i += 3) {
        const std::uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        for (int s = 18; s >= 0; s -= 6) out += alphabet[(v >> s) & 63];
    }
    if (const std::size_t rest = in.size() - i; rest > 0) {
        const std::uint32_t v = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += rest == 2 ? alphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// Accepts the padded form and, as cel-go does, the unpadded one. Padding must complete
// the last group of four.
Result<Bytes> decode(std::string_view in) {
    const Error bad{"base64.decode: invalid base64 input"};
    std::string_view body = in;
    std::size_t pad = 0;
    while (!body.empty() && body.back() == '=' && pad < 2) {
        body.remove_suffix(1);
        ++pad;
    }
    if (body.size() % 4 == 1) return bad;
    if (pad > 0 && (in.size() % 4 != 0 || body.size() % 4 == 0)) return bad;
    Bytes out;
    out.data.reserve(body.size() / 4 * 3 + 2);
    std::uint32_t buf = 0;
    int bits = 0;
    for (char c : body) {
        const auto at = alphabet.find(c);
        if (at == std::string_view::npos) return bad;
        buf = (buf << 6) | static_cast<std::uint32_t>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.data += static_cast<char>((buf >> bits) & 0xFF);
        }
    }
    return out;
}

}  // namespace

void register_encoders_ext(FunctionRegistry& r) {
    r.add_global("base64.encode", [](BytesView b) { return encode(b.data); },
                 "bytes as base64 text (standard alphabet, padded)");
    r.add_global("base64.decode", [](std::string_view s) { return decode(s); },
                 "base64 text (padded or not) as bytes; invalid text is an error");
}

}  // namespace talentrules::cel
