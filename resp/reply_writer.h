// RESP2/RESP3 reply encoder: appends replies to a caller-owned buffer. No I/O.
// The same call sequence yields RESP2 or RESP3 bytes depending on the protocol version.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace slotcache::resp {

class ReplyWriter {
 public:
  // `out` must outlive the writer; replies are appended to it.
  explicit ReplyWriter(std::string* out, int protocol = 2) : out_(out), protocol_(protocol) {}

  int protocol() const { return protocol_; }
  void set_protocol(int protocol) { protocol_ = protocol; }
  std::string* buffer() { return out_; }
  void set_buffer(std::string* out) { out_ = out; }

  void SimpleString(std::string_view s);  // +s (no CR/LF inside)
  void Ok() { out_->append("+OK\r\n"); }
  void Error(std::string_view text);  // -text; `text` starts with its code ("ERR ...")
  void Integer(int64_t v);
  void Bulk(std::string_view s);
  void NullBulk();   // $-1 / _
  void NullArray();  // *-1 / _
  void ArrayHeader(size_t n);
  void MapHeader(size_t pairs);          // %n / *2n
  void SetHeader(size_t n);              // ~n / *n
  void Double(double v);                 // ,v / bulk
  void Bool(bool v);                     // #t / :1
  void Verbatim(std::string_view text);  // =len\r\ntxt:text / bulk
  void Raw(std::string_view bytes) { out_->append(bytes); }
  // Error replies written so far (INFO's total_error_replies counts them).
  size_t errors() const { return errors_; }

 private:
  void Header(char type, int64_t n);
  std::string* out_;
  int protocol_;
  size_t errors_ = 0;
};

// Formats like Redis's "%.17g" with inf/-inf/nan handling, used for INCRBYFLOAT-style values.
std::string FormatDouble(double v);

}  // namespace slotcache::resp
